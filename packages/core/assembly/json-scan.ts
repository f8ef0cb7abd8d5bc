// The receiver's JSON scanner, in AssemblyScript, compiled to WebAssembly by
// `scripts/build-wasm.mjs` into src/events/json-scan-wasm.generated.ts (see
// src/events/wasm-json-scan.ts for the JavaScript side, and src/events/json-scan.ts for the
// scanner it must agree with, exactly).
//
// scanArray(length, outAt, outBytes) reads the JSON array at [input, input + length) of linear
// memory (`setup` says where input and the field table lie) and writes, for each element, a
// record at outAt: start, end, flags, field count, then (field, valueStart, valueEnd) for each
// top-level member of an object element whose name is in the field table, in text order.
// Offsets are relative to input. It returns the element count, or a negative code:
//   -1 not JSON (the caller rescans to word the error), -2 nested too deeply, -3 output full.
//
// The grammar is JSON's, as JSON.parse takes it, with the same depth cap as the JavaScript
// scanner. Strings are skipped 16 bytes at a time with SIMD until a quote, a backslash or a
// control character.

const MAX_DEPTH: i32 = 512;

/** Element flags. */
const IS_OBJECT: i32 = 1;
const LINE_BREAK: i32 = 2;
const ESCAPED_KEY: i32 = 4;

const FAIL: i32 = -1;

let input: usize = 0;
let end: usize = 0;
let out: usize = 0;
let outEnd: usize = 0;
let tooDeep: bool = false;
let outFull: bool = false;
let flags: i32 = 0;
/**
 * Where the field table lies: the i32 at table + 4 * ((length << 7) | first) is the offset (from
 * table) of the candidate list for names of that length and first byte, 0 for none. A list is a
 * count, then (field index, offset from table of the name's bytes) pairs.
 */
let table: usize = 0;

/** Sets where input, output and the field table lie (the caller owns the memory). */
export function setup(inputAt: usize, tableAt: usize): void {
  input = inputAt;
  table = tableAt;
}

@inline function at(i: i32): i32 {
  return i < <i32>(end - input) ? <i32>load<u8>(input + <usize>i) : -1;
}

function skipWhitespace(i: i32): i32 {
  while (true) {
    const c = at(i);
    if (c == 32 || c == 9) i++;
    else if (c == 10 || c == 13) {
      flags |= LINE_BREAK;
      i++;
    } else return i;
  }
}

@inline function isDigit(c: i32): bool {
  return c >= 48 && c <= 57;
}

@inline function isHex(c: i32): bool {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

let escaped: bool = false;

function scanString(i: i32): i32 {
  const length = <i32>(end - input);
  let j = i + 1;
  const quote = i8x16.splat(34);
  const backslash = i8x16.splat(92);
  const space = i8x16.splat(32);
  while (true) {
    if (j + 16 <= length) {
      const v = v128.load(input + <usize>j);
      const hits = i8x16.bitmask(v128.or(v128.or(i8x16.eq(v, quote), i8x16.eq(v, backslash)), i8x16.lt_u(v, space)));
      if (hits == 0) {
        j += 16;
        continue;
      }
      j += ctz(hits);
    }
    if (j >= length) return FAIL;
    const c = <i32>load<u8>(input + <usize>j);
    if (c == 34) return j + 1;
    if (c < 32) return FAIL;
    if (c == 92) {
      escaped = true;
      const e = at(j + 1);
      if (e == 34 || e == 92 || e == 47 || e == 98 || e == 102 || e == 110 || e == 114 || e == 116) j += 2;
      else if (e == 117 && isHex(at(j + 2)) && isHex(at(j + 3)) && isHex(at(j + 4)) && isHex(at(j + 5))) j += 6;
      else return FAIL;
    } else j++;
  }
}

function scanNumber(i: i32): i32 {
  if (at(i) == 45) i++;
  let c = at(i);
  if (c == 48) c = at(++i);
  else if (isDigit(c)) {
    while (isDigit((c = at(++i))));
  } else return FAIL;
  if (c == 46) {
    if (!isDigit(at(++i))) return FAIL;
    while (isDigit((c = at(++i))));
  }
  if (c == 101 || c == 69) {
    c = at(++i);
    if (c == 43 || c == 45) c = at(++i);
    if (!isDigit(c)) return FAIL;
    while (isDigit(at(++i)));
  }
  return i;
}

@inline function literal4(i: i32, a: i32, b: i32, c: i32, d: i32): bool {
  return at(i) == a && at(i + 1) == b && at(i + 2) == c && at(i + 3) == d;
}

function scanValue(i: i32, depth: i32, top: bool): i32 {
  const c = at(i);
  if (c == 34) return scanString(i);
  if (c == 123) return scanObject(i, depth + 1, top);
  if (c == 91) return scanArrayValue(i, depth + 1);
  if (c == 116) return literal4(i, 116, 114, 117, 101) ? i + 4 : FAIL;
  if (c == 102) return literal4(i + 1, 97, 108, 115, 101) ? i + 5 : FAIL;
  if (c == 110) return literal4(i, 110, 117, 108, 108) ? i + 4 : FAIL;
  if (c == 45 || isDigit(c)) return scanNumber(i);
  return FAIL;
}

/** Index of the field named by the key at [keyStart, keyEnd) (quotes included), or -1. */
function fieldOf(keyStart: i32, keyEnd: i32): i32 {
  const length = keyEnd - keyStart - 2;
  if (length <= 0 || length > 63) return -1;
  const first = at(keyStart + 1);
  if (first >= 128) return -1;
  let list = load<i32>(table + (<usize>((length << 7) | first) << 2));
  if (list == 0) return -1;
  // A list: count, then (field index, offset of its name) pairs.
  const count = load<i32>(table + <usize>list);
  for (let k = 0; k < count; k++) {
    const entry = table + <usize>list + 4 + (<usize>k << 3);
    if (memory.compare(input + <usize>(keyStart + 1), table + <usize>load<i32>(entry, 4), <usize>length) == 0) return load<i32>(entry);
  }
  return -1;
}

function scanObject(i: i32, depth: i32, top: bool): i32 {
  if (depth > MAX_DEPTH) {
    tooDeep = true;
    return FAIL;
  }
  i = skipWhitespace(i + 1);
  if (at(i) == 125) return i + 1;
  while (true) {
    if (at(i) != 34) return FAIL;
    const keyStart = i;
    escaped = false;
    const keyEnd = scanString(i);
    if (keyEnd == FAIL) return FAIL;
    const keyEscaped = escaped;
    i = skipWhitespace(keyEnd);
    if (at(i) != 58) return FAIL;
    const valueStart = skipWhitespace(i + 1);
    const valueEnd = scanValue(valueStart, depth, false);
    if (valueEnd == FAIL) return FAIL;
    if (top) {
      if (keyEscaped) flags |= ESCAPED_KEY;
      else {
        const field = fieldOf(keyStart, keyEnd);
        if (field >= 0) {
          if (out + 12 > outEnd) {
            outFull = true;
            return FAIL;
          }
          store<i32>(out, field);
          store<i32>(out, valueStart, 4);
          store<i32>(out, valueEnd, 8);
          out += 12;
        }
      }
    }
    i = skipWhitespace(valueEnd);
    const next = at(i);
    if (next == 125) return i + 1;
    if (next != 44) return FAIL;
    i = skipWhitespace(i + 1);
  }
}

function scanArrayValue(i: i32, depth: i32): i32 {
  if (depth > MAX_DEPTH) {
    tooDeep = true;
    return FAIL;
  }
  i = skipWhitespace(i + 1);
  if (at(i) == 93) return i + 1;
  while (true) {
    const e = scanValue(i, depth, false);
    if (e == FAIL) return FAIL;
    i = skipWhitespace(e);
    const next = at(i);
    if (next == 93) return i + 1;
    if (next != 44) return FAIL;
    i = skipWhitespace(i + 1);
  }
}

/** See the top of the file. `outAt`/`outBytes`: where records go. */
export function scanArray(length: i32, outAt: usize, outBytes: usize): i32 {
  end = input + <usize>length;
  out = outAt;
  outEnd = outAt + outBytes;
  tooDeep = false;
  outFull = false;
  let i = skipWhitespace(0);
  if (at(i) != 91) return -1;
  i = skipWhitespace(i + 1);
  let count = 0;
  if (at(i) != 93) {
    while (true) {
      if (out + 16 > outEnd) return -3;
      const record = out;
      out += 16;
      flags = 0;
      const isObject = at(i) == 123;
      const e = scanValue(i, 0, isObject);
      if (e == FAIL) return tooDeep ? -2 : outFull ? -3 : -1;
      store<i32>(record, i);
      store<i32>(record, e, 4);
      store<i32>(record, flags | (isObject ? IS_OBJECT : 0), 8);
      store<i32>(record, <i32>((out - record - 16) / 12), 12);
      count++;
      i = skipWhitespace(e);
      const next = at(i);
      if (next == 93) break;
      if (next != 44) return -1;
      i = skipWhitespace(i + 1);
    }
  }
  return skipWhitespace(i + 1) == length ? count : -1;
}
