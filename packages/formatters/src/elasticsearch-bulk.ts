// Wire format: Elasticsearch / OpenSearch _bulk API, NDJSON for POST /_bulk (or /<index>/_bulk).
//   https://www.elastic.co/docs/api/doc/elasticsearch/operation/operation-bulk
//   (action_and_meta_data\n optional_source\n ...; the final line must end with \n; Content-Type
//    application/x-ndjson; data streams support only the `create` action)
//   https://docs.opensearch.org/latest/api-reference/document-apis/bulk/ (same body format)
import { eventJson, safeJsonStringify } from "@hookline/core";
import type { Formatter, FormatterDefinition, LogEvent } from "@hookline/core";
import { eventTimeSeconds, fieldValue, scalarString, singleLineJson } from "./payload-fields.js";

/** Options of the `elasticsearch_bulk` formatter. */
export type ElasticsearchBulkOptions = {
  /** Target index, data stream or alias (`_index` of every action). @default "litellm-logs" */
  readonly index?: string;
  /**
   * Bulk action: `create` (fails if the `_id` exists; the only action data streams accept) or
   * `index` (adds or replaces). @default "create"
   */
  readonly action?: "create" | "index";
  /** Document field that receives the event time as ISO 8601. @default "@timestamp" */
  readonly timestamp_field?: string;
  /**
   * Payload field whose value becomes the document `_id`, e.g. `litellm_call_id` or `id`. With
   * the `create` action a retried batch then cannot duplicate documents: a repeated `_id` is
   * rejected per item with 409 and the rest are still indexed. No `_id` when unset (the default)
   * or when the field is missing, so Elasticsearch generates one.
   */
  readonly id_field?: string;
};

/** Default index. */
export const ELASTICSEARCH_DEFAULT_INDEX = "litellm-logs";

/**
 * Creates the `elasticsearch_bulk` formatter: for each event an action line
 * (`{"create":{"_index":"litellm-logs"}}`) and a document line (the payload plus `@timestamp` and
 * `event_type`), every line ending with `\n`, sent as `application/x-ndjson`. Works for
 * Elasticsearch and OpenSearch, indices and data streams.
 *
 * `@timestamp` is the payload's `endTime` (else `startTime`, else now) as ISO 8601 with
 * milliseconds. An ingest pipeline is a URL parameter (`/_bulk?pipeline=litellm`), not part of
 * the body.
 *
 * @example
 * ```ts
 * const formatter = elasticsearchBulk({ index: "logs-litellm-default", id_field: "litellm_call_id" });
 * formatter.encode([event]);
 * // '{"create":{"_index":"logs-litellm-default","_id":"c1"}}\n{"@timestamp":"2023-11-14T22:13:20.500Z","event_type":"llm_api_success","id":"chatcmpl-1",…}\n'
 * ```
 */
export function elasticsearchBulk(options: ElasticsearchBulkOptions = {}): Formatter {
  const index = options.index ?? ELASTICSEARCH_DEFAULT_INDEX;
  const action = options.action ?? "create";
  const timestampField = options.timestamp_field ?? "@timestamp";
  const idField = options.id_field;
  const staticAction = `{${JSON.stringify(action)}:{"_index":${JSON.stringify(index)}}}\n`;

  const actionLine = (event: LogEvent): string => {
    const id = idField === undefined ? undefined : scalarString(fieldValue(event.payload, idField));
    return id === undefined ? staticAction : `${JSON.stringify({ [action]: { _index: index, _id: id } })}\n`;
  };

  const documentLine = (event: LogEvent, now: number): string => {
    const timestamp = isoTimestamp(eventTimeSeconds(event.payload), now);
    const payload = event.payload;
    const json = singleLineJson(eventJson(event)).trim();
    // Elasticsearch rejects documents with duplicate keys, so the fields are spliced into the
    // payload's JSON text only when the payload does not have them already.
    if (json.startsWith("{") && !Object.hasOwn(payload, timestampField) && !Object.hasOwn(payload, "event_type")) {
      const rest = json.slice(1).trimStart();
      const added = `{${JSON.stringify(timestampField)}:${JSON.stringify(timestamp)},"event_type":${JSON.stringify(event.type)}`;
      return `${added}${rest.startsWith("}") ? "" : ","}${rest}\n`;
    }
    return `${safeJsonStringify({ ...payload, [timestampField]: timestamp, event_type: event.type })}\n`;
  };

  return {
    specificationVersion: 1,
    type: "elasticsearch_bulk",
    contentType: "application/x-ndjson",
    readsEventJson: true,
    encode(events: readonly LogEvent[]): string {
      const now = Date.now();
      let body = "";
      for (const event of events) body += actionLine(event) + documentLine(event, now);
      return body;
    },
  };
}

function isoTimestamp(seconds: number | undefined, now: number): string {
  const date = new Date(seconds === undefined ? now : Math.round(seconds * 1000));
  return Number.isFinite(date.getTime()) ? date.toISOString() : new Date(now).toISOString();
}

/** Definition of the `elasticsearch_bulk` formatter, for registries and config files. */
export const elasticsearchBulkFormatter: FormatterDefinition<ElasticsearchBulkOptions> = {
  kind: "formatter",
  specificationVersion: 1,
  type: "elasticsearch_bulk",
  description: "Elasticsearch/OpenSearch _bulk NDJSON: an action line and a document per event (application/x-ndjson)",
  optionsSchema: {
    type: "object",
    properties: {
      index: { type: "string", minLength: 1, default: ELASTICSEARCH_DEFAULT_INDEX, description: "Target index or data stream" },
      action: { enum: ["create", "index"], default: "create", description: "create (data streams, no overwrite) or index" },
      timestamp_field: { type: "string", minLength: 1, default: "@timestamp", description: "Field that receives the event time" },
      id_field: { type: "string", minLength: 1, description: "Payload field used as the document _id (idempotent retries)" },
    },
    additionalProperties: false,
  },
  create: (options) => elasticsearchBulk(options),
};
