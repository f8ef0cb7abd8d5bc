import { joinEventJson } from "@hookline/core";
import type { EventFrame, Formatter, FormatterDefinition, LogEvent } from "@hookline/core";

/** The body is the payloads' JSON texts framed like this (see `Formatter.frame`). */
const FRAME: EventFrame = { prefix: "[", separator: ",", suffix: "]" };

/** Options of the `json_array` formatter; it takes none. */
export type JsonArrayOptions = Record<string, never>;

/**
 * Creates the `json_array` formatter: a batch becomes one JSON array of payloads,
 * `[p1,p2,...]`, sent as `application/json`. LiteLLM's default `log_format`.
 *
 * @example
 * ```ts
 * const formatter = jsonArray();
 * formatter.encode([event1, event2]); // '[{"id":"a"},{"id":"b"}]'
 * ```
 */
export function jsonArray(_options: JsonArrayOptions = {}): Formatter {
  return {
    specificationVersion: 1,
    type: "json_array",
    contentType: "application/json",
    readsEventJson: true,
    frame: FRAME,
    encode: encodeJsonArray,
  };
}

// Joining the memoized per-event JSON instead of stringifying the payload array means each
// payload is serialized at most once however many callbacks send it, and events that arrived
// serialized are passed through byte for byte.
function encodeJsonArray(events: readonly LogEvent[]): string | Uint8Array {
  return joinEventJson(events, FRAME.prefix, FRAME.separator, FRAME.suffix);
}

/** Definition of the `json_array` formatter, for registries and config files. */
export const jsonArrayFormatter: FormatterDefinition<JsonArrayOptions> = {
  kind: "formatter",
  specificationVersion: 1,
  type: "json_array",
  description: "JSON array of payloads per request (application/json); LiteLLM's default",
  optionsSchema: { type: "object", properties: {}, additionalProperties: false },
  create: (options) => jsonArray(options),
};
