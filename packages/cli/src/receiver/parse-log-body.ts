import { isUtf8 } from "node:buffer";
import {
  type ChunkedBytes,
  describeNonFiniteRepairs,
  readPayloadArray,
  readPayloadArrayChunks,
  readPayloadJson,
  repairNonFiniteJson,
  type ByteRanges,
  type LogEvent,
  type NonFiniteRepair,
  type PayloadRead,
} from "@hookline/core";
import { firstInvalidUtf8 } from "./first-invalid-utf8.js";
import { topLevelValues } from "./top-level-values.js";

/** An element of a body that was valid JSON but not a valid payload, or not valid UTF-8. */
export interface RejectedEvent {
  /** 0-based position in the array, or line number (1-based) for NDJSON. */
  readonly index: number;
  readonly reason: string;
  /** The element's JSON text (on one line), when it is JSON. */
  readonly json?: string;
  /** The element's bytes as they arrived, when they are not valid UTF-8. */
  readonly bytes?: Uint8Array;
}

/** An element that was accepted after a repair, and what was repaired. */
export interface RepairedEvent {
  /** As {@link RejectedEvent.index}. */
  readonly index: number;
  readonly reason: string;
}

/** A parsed request body: the valid events, the rejected elements and the repaired ones. */
export interface ParsedLogBody {
  readonly format: "json_array" | "ndjson" | "single";
  readonly events: LogEvent[];
  readonly rejected: RejectedEvent[];
  /** Elements accepted after `NaN` / `Infinity` (Python's `json.dumps`) were written as `null`. */
  readonly repaired: RepairedEvent[];
}

/**
 * Reads what LiteLLM's generic_api callback sends, in any of its three formats: a JSON array
 * (`json_array`), one JSON object per line (`ndjson`), or one JSON object (`single`). Events
 * keep their original JSON text and are not parsed into objects (see `readPayloadArray`), so
 * callbacks that forward them as they are never pay for parsing or re-serializing. Given the
 * `bytes` the text was decoded from, events of an ASCII body keep views into them, which
 * `ndjson` and `json_array` copy into their bodies without encoding the text again.
 *
 * A body may also be given as the ASCII chunks it arrived in ({@link ChunkedBytes}, every byte
 * below 0x80). A JSON array is then read a chunk at a time, never decoded into one string (a
 * string of 128 KB or more costs V8 more to allocate than the array costs to scan); any other
 * body is decoded whole.
 *
 * A body may also be given as raw bytes (`Uint8Array`): valid UTF-8 is decoded and read as
 * text; otherwise each element is decoded on its own and one that is not valid UTF-8 is
 * rejected with its bytes kept ({@link RejectedEvent.bytes}), never altered.
 *
 * A syntax error anywhere makes the whole body malformed (`{ error }`, nothing accepted); a
 * well-formed element that is not a payload is rejected on its own. Python's `json.dumps`
 * writes `NaN`, `Infinity` and `-Infinity`, which are not JSON: a body the strict reading
 * refuses is read again with those written as `null`, and the elements that held one are listed
 * in `repaired` (the hot path never looks for them).
 */
export function parseLogBody(body: string | ChunkedBytes | Uint8Array, bytes?: ByteRanges): ParsedLogBody | { error: string } {
  if (body instanceof Uint8Array) {
    if (!isUtf8(body)) return parseElementsOf(body);
    body = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
  }
  const strict = parseStrict(body, bytes);
  if (!("error" in strict)) return strict;
  const repair = repairNonFiniteJson(typeof body === "string" ? body : body.chunks.map((chunk) => chunk.toString("latin1")).join(""));
  if (repair === undefined) return strict;
  const again = parseStrict(repair.text);
  if ("error" in again) return strict;
  return { ...again, repaired: repairedElements(again.format, repair.repairs) };
}

/** {@link parseLogBody} without repairs. */
function parseStrict(body: string | ChunkedBytes, bytes?: ByteRanges): ParsedLogBody | { error: string } {
  if (typeof body !== "string") {
    if (firstByte(body.chunks) === 0x5b /* [ */) {
      const reads = readPayloadArrayChunks(body);
      if ("malformed" in reads) return { error: `malformed JSON array: ${reads.malformed}` };
      return collect("json_array", reads);
    }
    bytes = body;
    body = body.chunks.map((chunk) => chunk.toString("latin1")).join("");
  }
  // A byte-order mark, which some tools write, is not JSON; it is dropped (with the bytes, whose
  // offsets no longer match).
  const text = body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
  if (text !== body) bytes = undefined;
  const head = text.trimStart();
  if (head === "") return { error: "empty body; expected a JSON array, NDJSON, or one JSON object (StandardLoggingPayload)" };
  if (head.startsWith("[")) {
    const reads = readPayloadArray(text, bytes);
    if ("malformed" in reads) return { error: `malformed JSON array: ${reads.malformed}` };
    return collect("json_array", reads);
  }

  const whole = readPayloadJson(text, bytes);
  // One object, compact or pretty-printed across lines.
  if (!("malformed" in whole)) return collect("single", [whole]);
  const lines = text.split("\n");
  if (lines.filter((line) => line.trim() !== "").length < 2) return { error: `malformed JSON: ${whole.malformed}` };
  // Sparse, by line number: the index of a rejected line is its number.
  const items: PayloadRead[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() === "") continue;
    const read = readPayloadJson(lines[i]!);
    if ("malformed" in read) return { error: `malformed NDJSON at line ${i + 1}: ${read.malformed}` };
    items[i + 1] = read;
  }
  return collect("ndjson", items);
}

/** The first byte that is not JSON whitespace, or -1. */
function firstByte(chunks: readonly Uint8Array[]): number {
  for (const chunk of chunks) {
    for (const byte of chunk) if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return byte;
  }
  return -1;
}

/** Splits reads into events and rejections; a read's index in `reads` is its position or line. */
function collect(format: ParsedLogBody["format"], reads: readonly PayloadRead[]): ParsedLogBody {
  const events: LogEvent[] = [];
  const rejected: RejectedEvent[] = [];
  reads.forEach((read, index) => {
    if ("event" in read) events.push(read.event);
    else rejected.push(read.json === undefined ? { index, reason: read.rejected } : { index, reason: read.rejected, json: read.json });
  });
  return { format, events, rejected, repaired: [] };
}

/** The elements the repairs were in, each with what was repaired. */
function repairedElements(format: ParsedLogBody["format"], repairs: readonly NonFiniteRepair[]): RepairedEvent[] {
  const byIndex = new Map<number, NonFiniteRepair[]>();
  for (const repair of repairs) {
    const index = format === "json_array" ? repair.element : format === "ndjson" ? repair.line : 0;
    byIndex.set(index, [...(byIndex.get(index) ?? []), repair]);
  }
  return [...byIndex].map(([index, list]) => ({ index, reason: describeNonFiniteRepairs(list) }));
}

/**
 * A body that is not valid UTF-8, read element by element: an element whose bytes are valid is
 * decoded and read (repaired if need be); one that is not is rejected with its bytes, so no
 * byte is replaced by U+FFFD on the way through.
 */
function parseElementsOf(raw: Uint8Array): ParsedLogBody | { error: string } {
  const split = topLevelValues(raw);
  if ("error" in split) return { error: `malformed JSON: ${split.error}` };
  const format = split.array ? "json_array" : split.values.length === 1 ? "single" : "ndjson";
  const result: ParsedLogBody = { format, events: [], rejected: [], repaired: [] };
  for (let i = 0; i < split.values.length; i++) {
    const range = split.values[i]!;
    const index = format === "json_array" ? i : format === "ndjson" ? range.line : 0;
    const element = raw.subarray(range.start, range.end);
    const bad = firstInvalidUtf8(element);
    if (bad !== -1) {
      result.rejected.push({ index, reason: `not valid UTF-8 (byte ${bad} of the element, 0x${element[bad]!.toString(16).padStart(2, "0")})`, bytes: element });
      continue;
    }
    const text = Buffer.from(element.buffer, element.byteOffset, element.byteLength).toString("utf8");
    let read = readPayloadJson(text);
    const repair = "malformed" in read ? repairNonFiniteJson(text) : undefined;
    if (repair !== undefined) {
      const again = readPayloadJson(repair.text);
      if (!("malformed" in again)) {
        read = again;
        result.repaired.push({ index, reason: describeNonFiniteRepairs(repair.repairs) });
      }
    }
    if ("malformed" in read) return { error: `malformed JSON: ${format === "ndjson" ? `line ${index}` : `element ${index}`}: ${read.malformed}` };
    if ("event" in read) result.events.push(read.event);
    else result.rejected.push(read.json === undefined ? { index, reason: read.rejected } : { index, reason: read.rejected, json: read.json });
  }
  return result;
}
