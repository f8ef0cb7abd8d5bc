import { readPayloadArray, readPayloadArrayChunks, readPayloadJson, type ByteRanges, type ChunkedBytes, type LogEvent, type PayloadRead } from "@hookline/core";

/** An event of a body that was valid JSON but not a valid payload. */
export interface RejectedEvent {
  /** 0-based position in the array, or line number (1-based) for NDJSON. */
  readonly index: number;
  readonly reason: string;
}

/** A parsed request body: the valid events and the rejected ones. */
export interface ParsedLogBody {
  readonly format: "json_array" | "ndjson" | "single";
  readonly events: LogEvent[];
  readonly rejected: RejectedEvent[];
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
 * A syntax error anywhere makes the whole body malformed (`{ error }`, nothing accepted); a
 * well-formed element that is not a payload is rejected on its own.
 */
export function parseLogBody(body: string | ChunkedBytes, bytes?: ByteRanges): ParsedLogBody | { error: string } {
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
    else rejected.push({ index, reason: read.rejected });
  });
  return { format, events, rejected };
}
