/** One value {@link repairNonFiniteJson} replaced. */
export interface NonFiniteRepair {
  /** The token as written: `NaN`, `Infinity` or `-Infinity`. */
  readonly token: string;
  /** 1-based line of the text it was on. */
  readonly line: number;
  /** 0-based index of the top-level array element it was in, or -1 when the text is not an array. */
  readonly element: number;
}

/** What {@link repairNonFiniteJson} made of a text. */
export interface NonFiniteRepairResult {
  /** The text with each non-finite number replaced by `null`. */
  readonly text: string;
  /** Every replacement, in order. */
  readonly repairs: readonly NonFiniteRepair[];
}

const TOKENS = ["NaN", "Infinity", "-Infinity"] as const;

/**
 * Replaces the non-finite numbers Python's `json.dumps` writes by default (`NaN`, `Infinity`,
 * `-Infinity`, which are not JSON) by `null` outside strings, so that a LiteLLM payload holding
 * one (a cost or a latency computed as NaN) is not refused whole. Returns `undefined` when the
 * text has none, so callers use it only after a strict parse failed and the hot path never pays
 * for it. Strings are skipped with their escapes; nothing else is changed, so a text that was
 * malformed for another reason stays malformed.
 *
 * @example
 * ```ts
 * repairNonFiniteJson('[{"cost": NaN}, {"t": -Infinity}]')
 * // { text: '[{"cost": null}, {"t": null}]', repairs: [{ token: "NaN", line: 1, element: 0 }, { token: "-Infinity", line: 1, element: 1 }] }
 * ```
 */
export function repairNonFiniteJson(text: string): NonFiniteRepairResult | undefined {
  if (!text.includes("NaN") && !text.includes("Infinity")) return undefined;
  const repairs: NonFiniteRepair[] = [];
  let out = "";
  let copied = 0;
  let line = 1;
  let depth = 0;
  let element = -1;
  let isArray = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // Skip the string, escapes included; an unterminated one ends the scan (malformed anyway).
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 92 /* \ */) i++;
        else if (s === 34) break;
        else if (s === 10) line++;
      }
      continue;
    }
    if (c === 10) line++;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (depth === 0) {
        isArray = c === 91;
        element = isArray ? 0 : -1;
      }
      depth++;
    } else if (c === 93 || c === 125) depth--;
    else if (c === 44 /* , */ && depth === 1 && isArray) element++;
    else if (c === 78 /* N */ || c === 73 /* I */ || c === 45 /* - */) {
      const token = TOKENS.find((t) => text.startsWith(t, i) && !isNameChar(text.charCodeAt(i + t.length)));
      if (token === undefined) continue;
      out += text.slice(copied, i) + "null";
      copied = i + token.length;
      repairs.push({ token, line, element: depth > 0 && isArray ? element : -1 });
      i = copied - 1;
    }
  }
  if (repairs.length === 0) return undefined;
  return { text: out + text.slice(copied), repairs };
}

function isNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** A short reason for the repairs of one element: `NaN written as null`, `NaN, Infinity written as null (3 values)`. */
export function describeNonFiniteRepairs(repairs: readonly NonFiniteRepair[]): string {
  const tokens = [...new Set(repairs.map((r) => r.token))].join(", ");
  return `${tokens} (not JSON) written as null${repairs.length > 1 ? ` (${repairs.length} values)` : ""}`;
}
