/** True for a YAML mapping (a plain object), false for lists, scalars and null. */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
