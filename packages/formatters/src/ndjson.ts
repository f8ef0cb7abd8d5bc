import { joinEventJson } from "@hookline/core";
import type { EventFrame, Formatter, FormatterDefinition, LogEvent } from "@hookline/core";

/** The body is the payloads' JSON texts framed like this (see `Formatter.frame`). */
const FRAME: EventFrame = { prefix: "", separator: "\n", suffix: "\n" };

/** Options of the `ndjson` formatter; it takes none. */
export type NdjsonOptions = Record<string, never>;

/**
 * Creates the `ndjson` formatter: one payload per line, every line (the last one too) ending
 * with `\n`, sent as `application/x-ndjson`.
 *
 * @example
 * ```ts
 * const formatter = ndjson();
 * formatter.encode([event1, event2]); // '{"id":"a"}\n{"id":"b"}\n'
 * ```
 */
export function ndjson(_options: NdjsonOptions = {}): Formatter {
  return {
    specificationVersion: 1,
    type: "ndjson",
    contentType: "application/x-ndjson",
    readsEventJson: true,
    frame: FRAME,
    encode: encodeNdjson,
  };
}

function encodeNdjson(events: readonly LogEvent[]): string | Uint8Array {
  // An event's JSON text is always on one line (createLogEvent and the payload reader remove raw
  // line breaks), so it is framed as it is: no second scan per event.
  return joinEventJson(events, FRAME.prefix, FRAME.separator, FRAME.suffix);
}

/** Definition of the `ndjson` formatter, for registries and config files. */
export const ndjsonFormatter: FormatterDefinition<NdjsonOptions> = {
  kind: "formatter",
  specificationVersion: 1,
  type: "ndjson",
  description: "Newline-delimited JSON, one payload per line (application/x-ndjson)",
  optionsSchema: { type: "object", properties: {}, additionalProperties: false },
  create: (options) => ndjson(options),
};
