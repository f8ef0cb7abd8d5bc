import type { EventType } from "./event-type.js";
import type { ByteRanges, ChunkedBytes } from "./byte-ranges.js";
import { beginScan, beginText, scanState, scanValue, skipWhitespace, type MemberSink } from "./json-scan.js";
import { createLogEvent, eventTypeOf, type LogEvent } from "./log-event.js";
import { ESCAPED_KEY, IS_OBJECT, LINE_BREAK, wasmJsonScanner, type WasmScan } from "./wasm-json-scan.js";
import { payloadProblem, standardLoggingPayloadSchema } from "./payload-schema.js";
import type { StandardLoggingPayload } from "./standard-logging-payload.js";

/**
 * Reading payloads that arrive serialized (the HTTP receiver, NDJSON files) without parsing them.
 *
 * An event read here keeps its original bytes as its JSON text and gets its `payload` object
 * only when something reads it (a formatter that maps fields, a redaction step); then it is
 * parsed once and shared by every callback. Where every callback forwards the text as it is,
 * the payload is never built. The checks are those of the payload's JSON Schema, read from the
 * scanned text: the whole text is valid JSON, and each top-level field the schema types has a
 * value of that type. Anything the quick checks do not accept goes the slow way (`JSON.parse`
 * and the schema validator), which gives the exact reason for a rejection.
 */

/**
 * One element of a serialized body: an event, or why the element is not a payload (with its
 * JSON text on one line, so it can be kept in a dead-letter file).
 */
export type PayloadRead = { readonly event: LogEvent } | { readonly rejected: string; readonly json?: string };

/** A body that is not JSON at all: what is wrong and where. */
export interface MalformedJson {
  readonly malformed: string;
}

/**
 * An event read from its JSON text; the payload is parsed on first read and kept. An event read
 * from ASCII bytes keeps a view into them instead of the text, which is decoded only if read.
 */
class JsonTextEvent implements LogEvent {
  #payload: StandardLoggingPayload | undefined;
  #json: string | undefined;
  // Declared so setting it keeps the object's shape (the receiver sets it on every event).
  via: readonly string[] | undefined = undefined;

  constructor(
    readonly type: EventType,
    json: string | undefined,
    readonly bytes?: Uint8Array,
  ) {
    this.#json = json;
  }

  get json(): string {
    return (this.#json ??= Buffer.from(this.bytes!.buffer, this.bytes!.byteOffset, this.bytes!.byteLength).toString("latin1"));
  }

  set json(json: string) {
    this.#json = json;
  }

  get payload(): StandardLoggingPayload {
    return (this.#payload ??= JSON.parse(this.json) as StandardLoggingPayload);
  }
}

const KIND = { string: 1, number: 2, boolean: 4, object: 8, array: 16, null: 32 } as const;

function kindOf(c: number): number {
  if (c === 34) return KIND.string;
  if (c === 123) return KIND.object;
  if (c === 91) return KIND.array;
  if (c === 116 || c === 102) return KIND.boolean;
  if (c === 110) return KIND.null;
  return KIND.number;
}

/** The schema's typed top-level fields, as bit masks of the kinds each allows. */
const FIELD_NAMES: string[] = [];
const FIELD_KINDS: number[] = [];
for (const [name, rule] of Object.entries(standardLoggingPayloadSchema.properties)) {
  if (!("type" in rule)) continue; // `status` is an enum, checked on its own
  FIELD_NAMES.push(name);
  FIELD_KINDS.push(rule.type.reduce((mask, type) => mask | KIND[type as keyof typeof KIND], 0));
}
const STATUS = FIELD_NAMES.push("status") - 1;
const STATUS_FIELDS = FIELD_NAMES.indexOf("status_fields");
/**
 * Field indexes by name length and first character (`FIELD_TABLE[length * 128 + first]`), so a
 * member name is looked up without slicing it out of the text.
 */
const FIELD_TABLE: (number[] | undefined)[] = [];
FIELD_NAMES.forEach((name, i) => (FIELD_TABLE[name.length * 128 + name.charCodeAt(0)] ??= []).push(i));

/** Collects where the schema's fields lie in the object being scanned. */
class PayloadFields implements MemberSink {
  readonly starts = new Int32Array(FIELD_NAMES.length);
  readonly ends = new Int32Array(FIELD_NAMES.length);

  reset(): void {
    this.starts.fill(-1);
  }

  member(text: string, keyStart: number, keyEnd: number, escaped: boolean, valueStart: number, valueEnd: number): void {
    const index = escaped ? FIELD_NAMES.indexOf(JSON.parse(text.slice(keyStart, keyEnd)) as string) : fieldIndex(text, keyStart, keyEnd);
    if (index === -1) return;
    this.starts[index] = valueStart;
    this.ends[index] = valueEnd;
  }

  /** True when every typed field has a type the schema allows and `status` is one of its two values. */
  conforms(text: string): boolean {
    for (let i = 0; i < FIELD_KINDS.length; i++) {
      const start = this.starts[i]!;
      if (start !== -1 && (FIELD_KINDS[i]! & kindOf(text.charCodeAt(start))) === 0) return false;
    }
    const start = this.starts[STATUS]!;
    return start === -1 || text.startsWith('"success"', start) || text.startsWith('"failure"', start);
  }

  /** {@link conforms} for the bytes of an ASCII text. */
  conformsBytes(body: Uint8Array): boolean {
    for (let i = 0; i < FIELD_KINDS.length; i++) {
      const start = this.starts[i]!;
      if (start !== -1 && (FIELD_KINDS[i]! & kindOf(body[start]!)) === 0) return false;
    }
    const start = this.starts[STATUS]!;
    return start === -1 || bytesAt(body, start, SUCCESS) || bytesAt(body, start, FAILURE);
  }

  /** {@link typeOf} for the bytes of an ASCII text; `bytes` decodes a range of them. */
  typeOfBytes(body: Uint8Array, bytes: ChunkedBytes): EventType {
    const status = this.starts[STATUS]!;
    if (status !== -1 && bytesAt(body, status, FAILURE)) return "llm_api_failure";
    const start = this.starts[STATUS_FIELDS]!;
    if (start === -1 || body[start] !== 123) return "llm_api_success";
    return statusFieldsType(bytes.latin1(start, this.ends[STATUS_FIELDS]!));
  }

  typeOf(text: string): EventType {
    const status = this.starts[STATUS]!;
    if (status !== -1 && text.startsWith('"failure"', status)) return "llm_api_failure";
    const start = this.starts[STATUS_FIELDS]!;
    if (start === -1 || text.charCodeAt(start) !== 123) return "llm_api_success";
    return statusFieldsType(text.slice(start, this.ends[STATUS_FIELDS]));
  }
}

/** The event type `status_fields` (its JSON text, an object) implies. */
function statusFieldsType(json: string): EventType {
  if (!json.includes("failure")) return "llm_api_success";
  const statusFields = JSON.parse(json) as { llm_api_status?: unknown };
  return statusFields.llm_api_status === "failure" ? "llm_api_failure" : "llm_api_success";
}

const SUCCESS = Buffer.from('"success"', "latin1");
const FAILURE = Buffer.from('"failure"', "latin1");

/** True when `body` holds `expected` at `at`. */
function bytesAt(body: Uint8Array, at: number, expected: Uint8Array): boolean {
  for (let k = 0; k < expected.length; k++) if (body[at + k] !== expected[k]) return false;
  return true;
}

/** Index of the schema field the member name at [keyStart, keyEnd) (with quotes, no escapes) names, or -1. */
function fieldIndex(text: string, keyStart: number, keyEnd: number): number {
  const first = text.charCodeAt(keyStart + 1);
  if (first >= 128) return -1;
  const candidates = FIELD_TABLE[(keyEnd - keyStart - 2) * 128 + first];
  if (candidates === undefined) return -1;
  for (let c = 0; c < candidates.length; c++) {
    const i = candidates[c]!;
    if (occursAt(text, FIELD_NAMES[i]!, keyStart + 1)) return i;
  }
  return -1;
}

/** `text.startsWith(name, at)` without the builtin's per-call cost, which dominates for short names. */
function occursAt(text: string, name: string, at: number): boolean {
  for (let k = 0; k < name.length; k++) if (text.charCodeAt(at + k) !== name.charCodeAt(k)) return false;
  return true;
}

const fields = new PayloadFields();

/** `HOOKLINE_SCANNER=parse`: bodies read with `JSON.parse` and the schema validator, events re-serialized (bench/ compares it). */
const PLAIN_PARSE = process.env["HOOKLINE_SCANNER"] === "parse";

/**
 * The value scanned at [start, end): accepted quickly, or checked the slow way. `bytes`, when
 * given, are the text's bytes (an ASCII text), `text[0]` being byte `base`; `lineBreak`: the
 * value's text has raw line breaks.
 */
function readScanned(text: string, start: number, end: number, bytes: ByteRanges | undefined, lineBreak: boolean, base = 0): PayloadRead {
  // Raw line breaks can only be whitespace between tokens: removed, the value is the same.
  if (text.charCodeAt(start) === 123 && fields.conforms(text)) {
    const type = fields.typeOf(text);
    if (bytes !== undefined && !lineBreak) return { event: new JsonTextEvent(type, undefined, bytes.subarray(base + start, base + end)) };
    return { event: new JsonTextEvent(type, oneLine(text.slice(start, end), lineBreak)) };
  }
  const json = oneLine(text.slice(start, end), lineBreak);
  return readParsed(JSON.parse(json), json);
}

function oneLine(json: string, lineBreak: boolean): string {
  return lineBreak ? json.replace(/[\r\n]/g, "") : json;
}

/** `bytes` when they are `text`'s bytes offset for offset, which holds when the text is ASCII. */
function asciiBytes(text: string, bytes: ByteRanges | undefined): ByteRanges | undefined {
  return bytes !== undefined && bytes.byteLength === text.length ? bytes : undefined;
}

function readParsed(value: unknown, json: string): PayloadRead {
  const problem = payloadProblem(value);
  if (problem !== undefined) return { rejected: problem, json };
  const payload = value as StandardLoggingPayload;
  return { event: createLogEvent(payload, eventTypeOf(payload), json) };
}

/** Scans one element at `i` (already past whitespace); -1 when it is not JSON. */
function scanElement(text: string, i: number): number {
  beginScan();
  const isObject = text.charCodeAt(i) === 123;
  if (isObject) fields.reset();
  return scanValue(text, i, 0, isObject ? fields : undefined);
}

function malformedAt(prefix: string): MalformedJson {
  return { malformed: `${prefix}${scanState.error} at offset ${scanState.offset}` };
}

/**
 * Reads `text`, which must be exactly one JSON value (whitespace around it allowed), as one
 * payload. Pass the `bytes` the text was decoded from to let the event forward them as they are
 * (used when the text is ASCII, as LiteLLM sends it: then offsets in both agree).
 *
 * @example
 * ```ts
 * readPayloadJson('{"id":"a","status":"failure"}') // { event: { type: "llm_api_failure", json: '{"id":"a",...}' } }
 * readPayloadJson('{"status":"ok"}')              // { rejected: "status: must be equal to one of the allowed values (success, failure)" }
 * ```
 */
export function readPayloadJson(text: string, bytes?: ByteRanges): PayloadRead | MalformedJson {
  beginText(text);
  const start = skipWhitespace(text, 0);
  const end = scanElement(text, start);
  if (end === -1) return scanState.tooDeep ? readDeep(text) : malformedAt("");
  const lineBreak = scanState.lineBreak;
  const after = skipWhitespace(text, end);
  if (after !== text.length) return { malformed: `unexpected ${JSON.stringify(text[after])} after the JSON value at offset ${after}` };
  return readScanned(text, start, end, asciiBytes(text, bytes), lineBreak);
}

/**
 * Reads the text of a JSON array of payloads: one {@link PayloadRead} per element, in order, or
 * why the text is not a JSON array. `bytes` as for {@link readPayloadJson}.
 */
export function readPayloadArray(text: string, bytes?: ByteRanges): PayloadRead[] | MalformedJson {
  beginText(text);
  const ascii = asciiBytes(text, bytes);
  let i = skipWhitespace(text, 0);
  if (text.charCodeAt(i) !== 91) return { malformed: "expected a JSON array" };
  const reads: PayloadRead[] = [];
  i = skipWhitespace(text, i + 1);
  if (text.charCodeAt(i) === 93) return skipWhitespace(text, i + 1) === text.length ? reads : { malformed: `unexpected text after the array at offset ${skipWhitespace(text, i + 1)}` };
  for (;;) {
    const end = scanElement(text, i);
    if (end === -1) {
      if (scanState.tooDeep) return readDeepArray(text);
      return malformedAt(`element ${reads.length}: `);
    }
    reads.push(readScanned(text, i, end, ascii, scanState.lineBreak));
    i = skipWhitespace(text, end);
    const next = text.charCodeAt(i);
    if (next === 93) break;
    if (next !== 44) return { malformed: `element ${reads.length - 1}: expected "," or "]" at offset ${i}` };
    i = skipWhitespace(text, i + 1);
  }
  return skipWhitespace(text, i + 1) === text.length ? reads : { malformed: `unexpected text after the array at offset ${skipWhitespace(text, i + 1)}` };
}

/**
 * {@link readPayloadArray} for an ASCII body kept in the chunks it arrived in, without ever
 * decoding it into one string (a string of 128 KB or more costs V8 a fresh allocation of its own
 * pages, more than scanning it). The reads, errors and offsets are those `readPayloadArray`
 * gives for the whole text.
 *
 * The body is scanned by the WebAssembly scanner (wasm-json-scan.ts), about three times as fast
 * as the JavaScript one; a body it does not accept (not JSON, or nested too deeply) is scanned
 * again in JavaScript, which words the error. `scanner: "js"` skips the WebAssembly scanner (to
 * compare them); so does the environment variable `HOOKLINE_SCANNER=js`, everywhere. The
 * JavaScript scanner reads a window at a time, a window being what is left of the element the
 * last one ended in plus the next chunks; an element cut by a window's end is scanned again in
 * the next window.
 *
 * `bytes` must be ASCII (every byte below 0x80): then each chunk's latin1 text is its text.
 */
export function readPayloadArrayChunks(bytes: ChunkedBytes, scanner: "wasm" | "js" = "wasm"): PayloadRead[] | MalformedJson {
  if (PLAIN_PARSE) return readDeepArray(bytes.latin1(0, bytes.byteLength));
  const scan = scanner === "wasm" ? wasmJsonScanner(FIELD_NAMES)?.scanArray(bytes) : undefined;
  return scan !== undefined ? readWasmScan(scan, bytes) : scanChunks(bytes);
}

/**
 * The reads of a body the WebAssembly scanner accepted, from its records (wasm-json-scan.ts).
 * An element that is not an object, or has a member name with escapes, is read again by the
 * JavaScript scanner, alone: both are rare, and that way it is read exactly as
 * {@link readPayloadArray} reads it.
 */
function readWasmScan({ count, records, body }: WasmScan, bytes: ChunkedBytes): PayloadRead[] {
  const reads = new Array<PayloadRead>(count);
  let r = 0;
  for (let e = 0; e < count; e++) {
    const start = records[r]!;
    const end = records[r + 1]!;
    const flags = records[r + 2]!;
    const members = records[r + 3]!;
    r += 4;
    if ((flags & IS_OBJECT) === 0 || (flags & ESCAPED_KEY) !== 0) {
      r += 3 * members;
      reads[e] = readPayloadJson(bytes.latin1(start, end), bytes.subarray(start, end)) as PayloadRead;
      continue;
    }
    fields.reset();
    for (let m = 0; m < members; m++, r += 3) {
      fields.starts[records[r]!] = records[r + 1]!;
      fields.ends[records[r]!] = records[r + 2]!;
    }
    const lineBreak = (flags & LINE_BREAK) !== 0;
    if (fields.conformsBytes(body)) {
      const type = fields.typeOfBytes(body, bytes);
      reads[e] = { event: lineBreak ? new JsonTextEvent(type, oneLine(bytes.latin1(start, end), true)) : new JsonTextEvent(type, undefined, bytes.subarray(start, end)) };
    } else {
      const json = oneLine(bytes.latin1(start, end), lineBreak);
      reads[e] = readParsed(JSON.parse(json), json);
    }
  }
  return reads;
}

/** {@link readPayloadArrayChunks} in JavaScript: a window of about one chunk at a time. */
function scanChunks(bytes: ChunkedBytes): PayloadRead[] | MalformedJson {
  const chunks = bytes.chunks;
  let next = 0;
  let text = "";
  /** Offsets in the whole body of `text[0]` and of the window's end (a chunk's end). */
  let base = 0;
  let limit = 0;
  /**
   * Moves the window to start at `from` and decodes at least one more chunk, and at least as many
   * characters as the window keeps, so an element longer than a chunk is rescanned O(1) times
   * on average. False when the body has no more chunks.
   */
  const extend = (from: number): boolean => {
    if (next === chunks.length) return false;
    base += from;
    const kept = limit - base;
    do limit += chunks[next++]!.length;
    while (next < chunks.length && limit - base < 2 * kept);
    text = bytes.latin1(base, limit);
    beginText(text);
    return true;
  };
  /** The first non-whitespace at or after `i`, extending the window past its end; a window index. */
  const skip = (i: number): number => {
    for (;;) {
      i = skipWhitespace(text, i);
      if (i < text.length || !extend(i)) return i;
      i = 0;
    }
  };

  let i = skip(0);
  if (text.charCodeAt(i) !== 91) return { malformed: "expected a JSON array" };
  const reads: PayloadRead[] = [];
  i = skip(i + 1);
  if (text.charCodeAt(i) === 93) return afterArray(reads, skip(i + 1), text.length, base);
  for (;;) {
    let end = scanElement(text, i);
    // Failed or ended at the window's end: the element may go on in the next chunk.
    while ((end === -1 || end === text.length) && !scanState.tooDeep && extend(i)) {
      i = 0;
      end = scanElement(text, 0);
    }
    if (end === -1) {
      if (scanState.tooDeep) return readDeepArray(bytes.latin1(0, bytes.byteLength));
      return { malformed: `element ${reads.length}: ${scanState.error} at offset ${base + scanState.offset}` };
    }
    reads.push(readScanned(text, i, end, bytes, scanState.lineBreak, base));
    i = skip(end);
    const c = text.charCodeAt(i);
    if (c === 93) break;
    if (c !== 44) return { malformed: `element ${reads.length - 1}: expected "," or "]" at offset ${base + i}` };
    i = skip(i + 1);
  }
  return afterArray(reads, skip(i + 1), text.length, base);
}

/** The reads, when nothing but whitespace follows the array (`after` is `length`). */
function afterArray(reads: PayloadRead[], after: number, length: number, base: number): PayloadRead[] | MalformedJson {
  return after === length ? reads : { malformed: `unexpected text after the array at offset ${base + after}` };
}

/** Values nested beyond the scanner's depth cap are parsed whole. */
function readDeep(text: string): PayloadRead | MalformedJson {
  try {
    const json = text.trim();
    return readParsed(JSON.parse(json), json.replace(/[\r\n]/g, ""));
  } catch (error) {
    return { malformed: (error as Error).message };
  }
}

function readDeepArray(text: string): PayloadRead[] | MalformedJson {
  let values: unknown;
  try {
    values = JSON.parse(text);
  } catch (error) {
    return { malformed: (error as Error).message };
  }
  if (!Array.isArray(values)) return { malformed: "expected a JSON array" };
  return values.map((value) => {
    const problem = payloadProblem(value);
    if (problem !== undefined) return { rejected: problem, json: JSON.stringify(value) };
    return { event: createLogEvent(value as StandardLoggingPayload) };
  });
}
