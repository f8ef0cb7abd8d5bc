/**
 * A validating JSON scanner that builds nothing. It checks the full JSON grammar (the same texts
 * `JSON.parse` accepts, with a depth cap) and reports where each value ends, and, for the
 * top-level members of an object, where each member's value lies. The relay uses it to accept an
 * event's original bytes and to read the few fields it needs without materializing the payload:
 * parsing a 2 KB payload into objects, and collecting those objects later, costs more than the
 * rest of a relay's work per event.
 *
 * Strings, most of a payload's bytes, are skipped with `indexOf` from quote to quote and escape
 * to escape (native code), when the text has no control characters at all; otherwise every
 * character is looked at. Everything else is a plain loop over character codes (a regular
 * expression call per value costs more than the characters it saves looking at).
 */

/** Values nested deeper than this are not scanned (the caller falls back to `JSON.parse`). */
export const MAX_SCAN_DEPTH = 512;

/** Receives each top-level member of the scanned object: key text (with quotes) and value range. */
export interface MemberSink {
  /** `escaped`: the key has escapes, so its text is not the name it spells. */
  member(text: string, keyStart: number, keyEnd: number, escaped: boolean, valueStart: number, valueEnd: number): void;
}

/**
 * Where the last scan failed and why, and whether it crossed a raw line break (whitespace
 * outside strings, the only place one can be).
 */
export const scanState = { error: "", offset: 0, tooDeep: false, lineBreak: false, controlFree: false, escaped: false };

const CONTROL = /[\u0000-\u001f]/;

function fail(message: string, offset: number): number {
  scanState.error = message;
  scanState.offset = offset;
  return -1;
}

/**
 * Resets {@link scanState} before a scan of `text`. A text without control characters (compact
 * JSON) can have its strings skipped with `indexOf`; one native search tells.
 */
export function beginText(text: string): void {
  scanState.controlFree = !CONTROL.test(text);
  nextBackslash = -1;
  beginScan();
}

/** Resets {@link scanState}'s per-value fields before scanning a value of the current text. */
export function beginScan(): void {
  scanState.error = "";
  scanState.offset = 0;
  scanState.tooDeep = false;
  scanState.lineBreak = false;
}

/** Index of the first non-whitespace character at or after `i`. */
export function skipWhitespace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) i++;
    else if (c === 10 || c === 13) {
      scanState.lineBreak = true;
      i++;
    } else return i;
  }
}

/**
 * Scans the JSON value starting exactly at `i` and returns the index just past it, or -1 (see
 * {@link scanState}). When `sink` is given and the value is an object, each of its members is
 * reported to it.
 */
export function scanValue(text: string, i: number, depth: number, sink?: MemberSink): number {
  const c = text.charCodeAt(i);
  if (c === 34 /* " */) return scanString(text, i);
  if (c === 123 /* { */) return scanObject(text, i, depth + 1, sink);
  if (c === 91 /* [ */) return scanArray(text, i, depth + 1);
  if (c === 116 /* t */) return text.startsWith("true", i) ? i + 4 : fail("invalid literal", i);
  if (c === 102 /* f */) return text.startsWith("false", i) ? i + 5 : fail("invalid literal", i);
  if (c === 110 /* n */) return text.startsWith("null", i) ? i + 4 : fail("invalid literal", i);
  if (c === 45 /* - */ || (c >= 48 && c <= 57)) return scanNumber(text, i);
  return fail(i >= text.length ? "unexpected end of input" : `unexpected character ${JSON.stringify(text[i])}`, i);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?` */
function scanNumber(text: string, i: number): number {
  const start = i;
  if (text.charCodeAt(i) === 45) i++;
  let c = text.charCodeAt(i);
  if (c === 48) c = text.charCodeAt(++i);
  else if (isDigit(c)) while (isDigit((c = text.charCodeAt(++i))));
  else return fail("invalid number", start);
  if (c === 46 /* . */) {
    if (!isDigit(text.charCodeAt(++i))) return fail("invalid number", start);
    while (isDigit((c = text.charCodeAt(++i))));
  }
  if (c === 101 || c === 69 /* e E */) {
    c = text.charCodeAt(++i);
    if (c === 43 || c === 45) c = text.charCodeAt(++i);
    if (!isDigit(c)) return fail("invalid number", start);
    while (isDigit(text.charCodeAt(++i)));
  }
  return i;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** Index just past the escape starting at the backslash at `j`, or -1. */
function scanEscape(text: string, j: number): number {
  scanState.escaped = true;
  const e = text.charCodeAt(j + 1);
  if (e === 34 || e === 92 || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116) return j + 2;
  if (e === 117 /* u */ && isHex(text.charCodeAt(j + 2)) && isHex(text.charCodeAt(j + 3)) && isHex(text.charCodeAt(j + 4)) && isHex(text.charCodeAt(j + 5))) {
    return j + 6;
  }
  return fail("invalid escape", j);
}

/**
 * Position of the next backslash at or after the last position asked for, kept across strings
 * so that `indexOf` runs over each stretch of text once (a text with few escapes would
 * otherwise be searched to its next backslash from every string).
 */
let nextBackslash = -1;

function scanString(text: string, i: number): number {
  return scanState.controlFree ? scanStringFast(text, i) : scanStringChecked(text, i);
}

/** For texts without control characters: jumps from quote to quote and escape to escape. */
function scanStringFast(text: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const quote = text.indexOf('"', j);
    if (quote === -1) return fail("unterminated string", i);
    if (nextBackslash < j) {
      nextBackslash = text.indexOf("\\", j);
      if (nextBackslash === -1) nextBackslash = text.length;
    }
    if (nextBackslash > quote) return quote + 1;
    j = scanEscape(text, nextBackslash);
    if (j === -1) return -1;
  }
}

/** Looks at every character: control characters are not allowed in strings. */
function scanStringChecked(text: string, i: number): number {
  const length = text.length;
  for (let j = i + 1; j < length; j++) {
    const c = text.charCodeAt(j);
    if (c === 34) return j + 1;
    if (c < 32) return fail("control character in a string", j);
    if (c === 92) {
      const next = scanEscape(text, j);
      if (next === -1) return -1;
      j = next - 1;
    }
  }
  return fail("unterminated string", i);
}

function scanObject(text: string, i: number, depth: number, sink: MemberSink | undefined): number {
  if (depth > MAX_SCAN_DEPTH) {
    scanState.tooDeep = true;
    return fail("nested too deeply", i);
  }
  i = skipWhitespace(text, i + 1);
  if (text.charCodeAt(i) === 125 /* } */) return i + 1;
  for (;;) {
    if (text.charCodeAt(i) !== 34) return fail("expected a member name", i);
    const keyStart = i;
    scanState.escaped = false;
    const keyEnd = scanString(text, i);
    if (keyEnd === -1) return -1;
    const escaped = scanState.escaped;
    i = skipWhitespace(text, keyEnd);
    if (text.charCodeAt(i) !== 58 /* : */) return fail('expected ":"', i);
    const valueStart = skipWhitespace(text, i + 1);
    const valueEnd = scanValue(text, valueStart, depth);
    if (valueEnd === -1) return -1;
    sink?.member(text, keyStart, keyEnd, escaped, valueStart, valueEnd);
    i = skipWhitespace(text, valueEnd);
    const next = text.charCodeAt(i);
    if (next === 125) return i + 1;
    if (next !== 44 /* , */) return fail('expected "," or "}"', i);
    i = skipWhitespace(text, i + 1);
  }
}

function scanArray(text: string, i: number, depth: number): number {
  if (depth > MAX_SCAN_DEPTH) {
    scanState.tooDeep = true;
    return fail("nested too deeply", i);
  }
  i = skipWhitespace(text, i + 1);
  if (text.charCodeAt(i) === 93 /* ] */) return i + 1;
  for (;;) {
    const end = scanValue(text, i, depth);
    if (end === -1) return -1;
    i = skipWhitespace(text, end);
    const next = text.charCodeAt(i);
    if (next === 93) return i + 1;
    if (next !== 44) return fail('expected "," or "]"', i);
    i = skipWhitespace(text, i + 1);
  }
}

/** True when `text` as a whole is one JSON value (surrounding whitespace allowed). */
export function isJsonText(text: string): boolean {
  beginText(text);
  const end = scanValue(text, skipWhitespace(text, 0), 0);
  return end !== -1 && skipWhitespace(text, end) === text.length;
}
