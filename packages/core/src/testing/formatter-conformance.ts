import { Ajv } from "ajv";
import type { FormatterDefinition } from "../contracts/component-definition.js";
import type { Formatter } from "../contracts/formatter.js";
import { createLogEvent, joinEventJson, loggedEvent, type LogEvent } from "../events/log-event.js";
import { encodeBatch } from "../operators/format.js";
import { validateOptions } from "../registry/validate-options.js";
import { check, type ConformanceCheck } from "./conformance-check.js";
import { conformancePayloads } from "./conformance-payloads.js";

/** Options of {@link formatterConformance}. */
export interface FormatterConformanceOptions {
  /** Options to create the formatter with. @default {} */
  readonly options?: Record<string, unknown>;
  /**
   * Turns a body back into payload ids, when the format allows it; enables the round-trip
   * check (every event's id is in its body, in order).
   */
  readonly decodeIds?: (body: string | Uint8Array) => string[];
}

/**
 * The checks every formatter passes, built-in or third-party. Framework-agnostic: run each
 * check as a test.
 *
 * @example
 * ```ts
 * import { formatterConformance } from "@hookline/core/testing";
 * for (const c of formatterConformance(myFormatterDefinition)) it(c.name, c.run);
 * ```
 */
export function formatterConformance(definition: FormatterDefinition<never>, settings: FormatterConformanceOptions = {}): ConformanceCheck[] {
  const create = (): Formatter => {
    const options = validateOptions(definition as never, { ...(settings.options ?? {}) });
    return (definition.create as (o: Record<string, unknown>) => Formatter)(options);
  };
  const batchOf = (n: number): LogEvent[] => conformancePayloads(n).map((payload) => createLogEvent(payload));
  const asText = (body: string | Uint8Array): string => (typeof body === "string" ? body : Buffer.from(body).toString("utf8"));

  return [
    {
      name: "is a formatter definition of specification version 1",
      run() {
        check(definition.kind === "formatter", `kind must be "formatter", got ${String(definition.kind)}`);
        check(definition.specificationVersion === 1, "specificationVersion must be 1");
        check(typeof definition.type === "string" && definition.type.length > 0, "type must be a non-empty string");
        check(typeof definition.create === "function", "create must be a function");
        if (definition.optionsSchema !== undefined) new Ajv({ strict: false }).compile(definition.optionsSchema);
      },
    },
    {
      name: "creates a formatter with its declared type and a content type",
      run() {
        const formatter = create();
        check(formatter.specificationVersion === 1, "the formatter's specificationVersion must be 1");
        check(formatter.type === definition.type, `the formatter's type ${formatter.type} must equal the definition's ${definition.type}`);
        check(typeof formatter.contentType === "string" && /^[\w.+-]+\/[\w.+-]+/.test(formatter.contentType), "contentType must be a media type");
        check(formatter.maxBatchSize === undefined || (Number.isInteger(formatter.maxBatchSize) && formatter.maxBatchSize >= 1), "maxBatchSize must be a positive integer when set");
      },
    },
    {
      name: "encodes synchronously into a non-empty string or Uint8Array",
      run() {
        const formatter = create();
        const body = formatter.encode(batchOf(Math.min(formatter.maxBatchSize ?? 5, 5)));
        check(typeof body === "string" || body instanceof Uint8Array, "encode must return a string or Uint8Array (not a promise)");
        check((typeof body === "string" ? body.length : body.byteLength) > 0, "the body must not be empty");
      },
    },
    {
      name: "is pure: the same events give the same body, and events are not modified",
      run() {
        const formatter = create();
        const events = batchOf(Math.min(formatter.maxBatchSize ?? 3, 3));
        const before = JSON.stringify(events.map((e) => e.payload));
        const first = asText(formatter.encode(events));
        const second = asText(create().encode(events));
        check(first === second, "encoding the same events twice gave different bodies");
        check(JSON.stringify(events.map((e) => e.payload)) === before, "encode modified the payloads");
      },
    },
    {
      name: "encodes every batch size up to its maxBatchSize, including the halves of a split",
      run() {
        const formatter = create();
        const max = Math.min(formatter.maxBatchSize ?? 64, 64);
        const events = batchOf(max);
        for (const size of new Set([1, Math.ceil(max / 2), max])) formatter.encode(events.slice(0, size));
        if (max > 1) {
          const middle = Math.ceil(max / 2);
          formatter.encode(events.slice(0, middle));
          formatter.encode(events.slice(middle));
        }
      },
    },
    {
      name: "keeps unicode, line breaks and unknown fields intact",
      run() {
        const formatter = create();
        const event = createLogEvent({ id: "conf-unicode", status: "failure", model: "模型-✓", error_str: "line 1\nline 2 \"quoted\"", brand_new_field: { nested: [1, 2] } });
        const body = asText(formatter.encode([event]));
        check(body.length > 0, "the body must not be empty");
        if (settings.decodeIds) check(settings.decodeIds(body).includes("conf-unicode"), "the event's id is missing from its body");
      },
    },
    {
      name: "gives the same body whether the sender serialized payloads ahead or not (when it readsEventJson or has a frame)",
      run() {
        const formatter = create();
        check(formatter.readsEventJson === undefined || typeof formatter.readsEventJson === "boolean", "readsEventJson must be a boolean when set");
        const frame = formatter.frame;
        check(
          frame === undefined || [frame.prefix, frame.separator, frame.suffix].every((part) => typeof part === "string" && /^[\x00-\x7f]*$/.test(part)),
          "frame must have ASCII prefix, separator and suffix strings",
        );
        if (formatter.readsEventJson !== true && frame === undefined) return;
        const payloads = conformancePayloads(Math.min(formatter.maxBatchSize ?? 5, 5));
        // Events as log() makes them in a single-callback pipeline, which keep no JSON of their own.
        const fresh = (): LogEvent[] => payloads.map((payload) => loggedEvent(payload, undefined, false));
        const direct = asText(formatter.encode(fresh()));
        const batch = encodeBatch(formatter, fresh())[0]!;
        check(batch.prepare?.(Number.POSITIVE_INFINITY) === true, "a batch must be prepared within an unlimited time");
        check(asText(batch.body) === direct, "the body differs when the sender serialized the payloads ahead of encode");
        if (frame !== undefined) {
          check(asText(joinEventJson(fresh(), frame.prefix, frame.separator, frame.suffix)) === direct, "encode must give what joinEventJson gives with the formatter's frame");
        }
      },
    },
    {
      name: "round-trips the ids of every event, in order (when decodeIds is given)",
      run() {
        if (!settings.decodeIds) return;
        const formatter = create();
        const events = batchOf(Math.min(formatter.maxBatchSize ?? 10, 10));
        const ids = settings.decodeIds(formatter.encode(events));
        check(JSON.stringify(ids) === JSON.stringify(events.map((e) => e.payload.id)), `ids in the body ${JSON.stringify(ids)} differ from the events'`);
      },
    },
  ];
}
