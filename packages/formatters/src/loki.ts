// Wire format: Grafana Loki push API, JSON body for POST /loki/api/v1/push.
//   https://grafana.com/docs/loki/latest/reference/loki-http-api/#ingest-logs
//   ({"streams":[{"stream":{labels},"values":[["<unix epoch in nanoseconds>","<log line>",{structured metadata}]]}]})
// Label names follow the Prometheus data model (Loki uses the same rules):
//   https://prometheus.io/docs/concepts/data_model/#metric-names-and-labels ([a-zA-Z_][a-zA-Z0-9_]*, "__" prefix reserved)
import { eventJson } from "@hookline/core";
import type { Formatter, FormatterDefinition, LogEvent } from "@hookline/core";
import { eventTimeSeconds, fieldValue, millisToNanosString, scalarString, secondsToNanosString } from "./payload-fields.js";

/** Options of the `loki` formatter. */
export type LokiOptions = {
  /** Static labels of every stream. @default {"job": "litellm"} */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Payload fields (dotted paths allowed) whose scalar values become labels, named after the field
   * with invalid characters replaced by `_` (`metadata.team_id` → `metadata_team_id`). Keep them
   * low-cardinality: every distinct label set is a separate Loki stream.
   * @default ["status", "custom_llm_provider"]
   */
  readonly label_fields?: readonly string[];
  /**
   * Payload fields attached to each line as Loki 3 structured metadata (the third element of a
   * value); the place for high-cardinality values such as `litellm_call_id`. Needs
   * `allow_structured_metadata` (the default since Loki 3.0). @default []
   */
  readonly structured_metadata_fields?: readonly string[];
};

/** A Loki stream in the push request. */
export interface LokiStream {
  readonly stream: Record<string, string>;
  readonly values: ([string, string] | [string, string, Record<string, string>])[];
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * A valid Loki label name from any string: characters outside `[a-zA-Z0-9_]` become `_`, a
 * leading digit gets a `_` prefix, and a reserved `__` prefix is reduced to one `_`.
 *
 * @example
 * ```ts
 * lokiLabelName("metadata.user_api_key_team_id"); // "metadata_user_api_key_team_id"
 * lokiLabelName("9lives"); // "_9lives"
 * ```
 */
export function lokiLabelName(name: string): string {
  if (LABEL_NAME.test(name) && !name.startsWith("__")) return name;
  let sanitized = name.replace(/[^a-zA-Z0-9_]/g, "_");
  if (sanitized === "" || /^[0-9]/.test(sanitized)) sanitized = `_${sanitized}`;
  if (sanitized.startsWith("__")) sanitized = sanitized.replace(/^_+/, "_");
  return sanitized;
}

/**
 * Creates the `loki` formatter: a batch becomes one Loki push request,
 * `{"streams":[{"stream":{labels},"values":[["<ns>","<payload JSON>"]]}]}`, sent as
 * `application/json`. Events are grouped into one stream per distinct label set; within a stream
 * they keep their batch order.
 *
 * The timestamp is the payload's `endTime` (else `startTime`, else now) as a string of Unix epoch
 * nanoseconds; the log line is the payload's JSON text (`eventJson`), so LogQL's `| json` can
 * reach every field.
 *
 * @example
 * ```ts
 * const formatter = loki({ labels: { job: "litellm", env: "prod" }, structured_metadata_fields: ["litellm_call_id"] });
 * formatter.encode([event]);
 * // '{"streams":[{"stream":{"job":"litellm","env":"prod","status":"success"},"values":[["1700000000500000000","{…}",{"litellm_call_id":"c1"}]]}]}'
 * ```
 */
export function loki(options: LokiOptions = {}): Formatter {
  const staticLabels: [string, string][] = Object.entries(options.labels ?? { job: "litellm" })
    .filter(([, value]) => typeof value === "string" && value !== "")
    .map(([name, value]) => [lokiLabelName(name), value]);
  const labelFields = (options.label_fields ?? ["status", "custom_llm_provider"]).map((path) => [path, lokiLabelName(path)] as const);
  const metadataFields = (options.structured_metadata_fields ?? []).map((path) => [path, lokiLabelName(path)] as const);

  return {
    specificationVersion: 1,
    type: "loki",
    contentType: "application/json",
    readsEventJson: true,
    encode(events: readonly LogEvent[]): string {
      const streams = new Map<string, LokiStream>();
      const now = millisToNanosString(Date.now());
      for (const event of events) {
        const labels = new Map(staticLabels);
        for (const [path, name] of labelFields) {
          const value = scalarString(fieldValue(event.payload, path));
          if (value !== undefined) labels.set(name, value);
        }
        const key = JSON.stringify([...labels].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
        let stream = streams.get(key);
        if (stream === undefined) {
          stream = { stream: Object.fromEntries(labels), values: [] };
          streams.set(key, stream);
        }
        const seconds = eventTimeSeconds(event.payload);
        const timestamp = seconds === undefined ? now : secondsToNanosString(seconds);
        const metadata = structuredMetadata(event, metadataFields);
        stream.values.push(metadata === undefined ? [timestamp, eventJson(event)] : [timestamp, eventJson(event), metadata]);
      }
      return JSON.stringify({ streams: [...streams.values()] });
    },
  };
}

function structuredMetadata(event: LogEvent, fields: readonly (readonly [string, string])[]): Record<string, string> | undefined {
  let metadata: Record<string, string> | undefined;
  for (const [path, name] of fields) {
    const value = scalarString(fieldValue(event.payload, path));
    if (value === undefined) continue;
    metadata ??= {};
    metadata[name] = value;
  }
  return metadata;
}

/** Definition of the `loki` formatter, for registries and config files. */
export const lokiFormatter: FormatterDefinition<LokiOptions> = {
  kind: "formatter",
  specificationVersion: 1,
  type: "loki",
  description: "Grafana Loki push API JSON for POST /loki/api/v1/push, streams grouped by labels (application/json)",
  optionsSchema: {
    type: "object",
    properties: {
      labels: {
        type: "object",
        propertyNames: { pattern: "^(?!__)[a-zA-Z_][a-zA-Z0-9_]*$" },
        additionalProperties: { type: "string", minLength: 1 },
        default: { job: "litellm" },
        description: "Static labels of every stream",
      },
      label_fields: {
        type: "array",
        items: { type: "string", minLength: 1 },
        uniqueItems: true,
        default: ["status", "custom_llm_provider"],
        description: "Payload fields whose scalar values become labels (keep them low-cardinality)",
      },
      structured_metadata_fields: {
        type: "array",
        items: { type: "string", minLength: 1 },
        uniqueItems: true,
        default: [],
        description: "Payload fields attached to each line as structured metadata",
      },
    },
    additionalProperties: false,
  },
  create: (options) => loki(options),
};
