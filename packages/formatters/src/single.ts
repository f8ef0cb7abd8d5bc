import { eventJson } from "@hookline/core";
import type { Formatter, FormatterDefinition, LogEvent } from "@hookline/core";

/** Options of the `single` formatter; it takes none. */
export type SingleOptions = Record<string, never>;

/**
 * Creates the `single` formatter: one request per event, the body being that event's payload
 * as a JSON object, sent as `application/json`. Declares `maxBatchSize: 1`, so the delivery
 * layer never hands it more than one event.
 *
 * @example
 * ```ts
 * const formatter = single();
 * formatter.encode([event]); // '{"id":"a"}'
 * ```
 */
export function single(_options: SingleOptions = {}): Formatter {
  return {
    specificationVersion: 1,
    type: "single",
    contentType: "application/json",
    readsEventJson: true,
    maxBatchSize: 1,
    encode: encodeSingle,
  };
}

function encodeSingle(events: readonly LogEvent[]): string {
  const [event] = events;
  // Silently sending only the first event would lose the others, so a caller that ignores
  // maxBatchSize gets a loud programming error instead.
  if (event === undefined || events.length !== 1) {
    throw new RangeError(
      `single formatter encodes exactly 1 event per body (maxBatchSize: 1), got ${events.length}`,
    );
  }
  return eventJson(event);
}

/** Definition of the `single` formatter, for registries and config files. */
export const singleFormatter: FormatterDefinition<SingleOptions> = {
  kind: "formatter",
  specificationVersion: 1,
  type: "single",
  description: "One request per event, the payload as a JSON object (application/json)",
  optionsSchema: { type: "object", properties: {}, additionalProperties: false },
  create: (options) => single(options),
};
