/**
 * `JSON.stringify` that never throws: circular references become
 * `"CircularReference Detected"` (LiteLLM's marker) and bigints become strings.
 * The fast path is plain `JSON.stringify`; the replacer runs only after it fails.
 */
export function safeJsonStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "null";
  } catch {
    return JSON.stringify(value, circularSafeReplacer()) ?? "null";
  }
}

function circularSafeReplacer(): (this: unknown, key: string, value: unknown) => unknown {
  const ancestors: unknown[] = [];
  return function replace(this: unknown, _key: string, value: unknown): unknown {
    if (typeof value === "bigint") return value.toString();
    if (typeof value !== "object" || value === null) return value;
    while (ancestors.length > 0 && ancestors[ancestors.length - 1] !== this) ancestors.pop();
    if (ancestors.includes(value)) return "CircularReference Detected";
    ancestors.push(value);
    return value;
  };
}
