/** Where one top-level value of a body lies: bytes [start, end), on 1-based `line`. */
export interface ValueRange {
  readonly start: number;
  readonly end: number;
  readonly line: number;
}

/** The values of a body: a JSON array's elements, or the values one after another (NDJSON, one object). */
export type TopLevelValues = { readonly array: boolean; readonly values: readonly ValueRange[] } | { readonly error: string };

const isSpace = (b: number): boolean => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/**
 * Splits a body's bytes into its top-level values without decoding them: the elements of a JSON
 * array, or else the values that follow each other (NDJSON lines, or one object). Only the
 * structure is read (strings with their escapes, brackets, commas); whether each value is JSON
 * is for the caller to check. Used for bodies that are not valid UTF-8, so each element can be
 * decoded, or rejected, on its own.
 */
export function topLevelValues(bytes: Uint8Array): TopLevelValues {
  let i = 0;
  let line = 1;
  const n = bytes.length;
  const skip = (): void => {
    while (i < n && isSpace(bytes[i]!)) if (bytes[i++] === 0x0a) line++;
  };
  /** Moves past one value starting at `i`; false when brackets do not balance. */
  const value = (): boolean => {
    let depth = 0;
    for (; i < n; i++) {
      const b = bytes[i]!;
      if (b === 0x22) {
        for (i++; i < n && bytes[i] !== 0x22; i++) if (bytes[i] === 0x5c) i++;
        if (i >= n) return false;
        if (depth === 0) {
          i++;
          return true;
        }
      } else if (b === 0x5b || b === 0x7b) depth++;
      else if (b === 0x5d || b === 0x7d) {
        // At depth 0 the closer is the enclosing array's: a scalar ends before it.
        if (depth === 0) return true;
        if (--depth === 0) {
          i++;
          return true;
        }
      } else if (depth === 0 && (isSpace(b) || b === 0x2c)) return true;
      else if (b === 0x0a) line++;
    }
    return depth === 0;
  };
  skip();
  const values: ValueRange[] = [];
  if (bytes[i] === 0x5b) {
    i++;
    skip();
    if (bytes[i] === 0x5d) return trailing(++i, { array: true, values });
    for (;;) {
      const start = i;
      const at = line;
      if (!value() || i === start) return { error: `element ${values.length}: not a JSON value` };
      values.push({ start, end: i, line: at });
      skip();
      if (bytes[i] === 0x5d) return trailing(++i, { array: true, values });
      if (bytes[i] !== 0x2c) return { error: `element ${values.length - 1}: expected "," or "]" at offset ${i}` };
      i++;
      skip();
    }
  }
  while (i < n) {
    const start = i;
    const at = line;
    if (!value() || i === start) return { error: `value at offset ${start}: not a JSON value` };
    values.push({ start, end: i, line: at });
    skip();
  }
  if (values.length === 0) return { error: "empty body" };
  return { array: false, values };

  function trailing(at: number, result: { array: true; values: ValueRange[] }): TopLevelValues {
    i = at;
    skip();
    return i === n ? result : { error: `unexpected text after the array at offset ${i}` };
  }
}
