import { createLogEvent, eventTypeOf, payloadProblem, type LogEvent, type StandardLoggingPayload } from "@hookline/core";
import { splitJsonArray } from "./split-json-array.js";

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
 * Parses what LiteLLM's generic_api callback sends, in any of its three formats: a JSON array
 * (`json_array`), one JSON object per line (`ndjson`), or one JSON object (`single`). Each event
 * keeps its original JSON text, so callbacks forward it without re-serializing.
 *
 * A syntax error anywhere makes the whole body malformed (`{ error }`, nothing accepted); a
 * well-formed element that is not a payload is rejected on its own.
 */
export function parseLogBody(text: string): ParsedLogBody | { error: string } {
  const trimmed = text.trim();
  if (trimmed === "") return { error: "empty body; expected a JSON array, NDJSON, or one JSON object (StandardLoggingPayload)" };
  if (trimmed.startsWith("[")) return parseArray(trimmed);

  const lines = trimmed.split("\n");
  if (lines.length === 1) return parseSingle(trimmed);
  const first = safeParse(lines[0]!.trim());
  // A pretty-printed single object spans lines; its first line is not JSON on its own.
  if ("error" in first) {
    const whole = safeParse(trimmed);
    if (!("error" in whole)) return collect("single", [{ index: 0, value: whole.value, json: trimmed }]);
  }
  const items: { index: number; value: unknown; json: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    const parsed = safeParse(line);
    if ("error" in parsed) return { error: `malformed NDJSON at line ${i + 1}: ${parsed.error}` };
    items.push({ index: i + 1, value: parsed.value, json: line });
  }
  return collect("ndjson", items);
}

function parseArray(text: string): ParsedLogBody | { error: string } {
  const elements = splitJsonArray(text);
  if (!Array.isArray(elements)) return { error: `malformed JSON array: ${elements.error}` };
  const items: { index: number; value: unknown; json: string }[] = [];
  for (let i = 0; i < elements.length; i++) {
    const parsed = safeParse(elements[i]!);
    if ("error" in parsed) return { error: `malformed JSON array at element ${i}: ${parsed.error}` };
    items.push({ index: i, value: parsed.value, json: elements[i]! });
  }
  return collect("json_array", items);
}

function parseSingle(text: string): ParsedLogBody | { error: string } {
  const parsed = safeParse(text);
  if ("error" in parsed) return { error: `malformed JSON: ${parsed.error}` };
  return collect("single", [{ index: 0, value: parsed.value, json: text }]);
}

function collect(format: ParsedLogBody["format"], items: { index: number; value: unknown; json: string }[]): ParsedLogBody {
  const events: LogEvent[] = [];
  const rejected: RejectedEvent[] = [];
  for (const item of items) {
    const problem = payloadProblem(item.value);
    if (problem) rejected.push({ index: item.index, reason: problem });
    else {
      const payload = item.value as StandardLoggingPayload;
      events.push(createLogEvent(payload, eventTypeOf(payload), item.json));
    }
  }
  return { format, events, rejected };
}

function safeParse(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}
