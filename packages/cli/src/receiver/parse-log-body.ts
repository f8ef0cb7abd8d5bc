import { readPayloadArray, readPayloadJson, type ByteRanges, type LogEvent, type PayloadRead } from "@hookline/core";

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
 * A syntax error anywhere makes the whole body malformed (`{ error }`, nothing accepted); a
 * well-formed element that is not a payload is rejected on its own.
 */
export function parseLogBody(body: string, bytes?: ByteRanges): ParsedLogBody | { error: string } {
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
