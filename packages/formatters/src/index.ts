import type { FormatterDefinition } from "@hookline/core";
import { chatWebhookFormatter } from "./chat-webhook.js";
import { elasticsearchBulkFormatter } from "./elasticsearch-bulk.js";
import { jsonArrayFormatter } from "./json-array.js";
import { lokiFormatter } from "./loki.js";
import { ndjsonFormatter } from "./ndjson.js";
import { otlpJsonFormatter } from "./otlp-json.js";
import { singleFormatter } from "./single.js";
import { splunkHecFormatter } from "./splunk-hec.js";

export { jsonArray, jsonArrayFormatter } from "./json-array.js";
export type { JsonArrayOptions } from "./json-array.js";
export { ndjson, ndjsonFormatter } from "./ndjson.js";
export type { NdjsonOptions } from "./ndjson.js";
export { single, singleFormatter } from "./single.js";
export type { SingleOptions } from "./single.js";
export { GEN_AI_EVENT_NAME, otlpJson, otlpJsonFormatter, toAnyValue } from "./otlp-json.js";
export type { OtlpAnyValue, OtlpJsonOptions, OtlpKeyValue } from "./otlp-json.js";
export { SPLUNK_DEFAULT_SOURCETYPE, splunkHec, splunkHecFormatter } from "./splunk-hec.js";
export type { SplunkHecOptions } from "./splunk-hec.js";
export { loki, lokiFormatter, lokiLabelName } from "./loki.js";
export type { LokiOptions, LokiStream } from "./loki.js";
export { ELASTICSEARCH_DEFAULT_INDEX, elasticsearchBulk, elasticsearchBulkFormatter } from "./elasticsearch-bulk.js";
export type { ElasticsearchBulkOptions } from "./elasticsearch-bulk.js";
export { CHAT_WEBHOOK_DEFAULT_TEMPLATE, DISCORD_CONTENT_LIMIT, chatWebhook, chatWebhookFormatter } from "./chat-webhook.js";
export type { ChatWebhookOptions, ChatWebhookStyle } from "./chat-webhook.js";

/**
 * The built-in formatter definitions: LiteLLM's `json_array`, `ndjson` and `single`, then the
 * service formats `otlp_json`, `splunk_hec`, `loki`, `elasticsearch_bulk` and `chat_webhook`.
 * Options differ per formatter; a registry validates them against each `optionsSchema`.
 */
export const builtinFormatters: readonly FormatterDefinition<Record<string, unknown>>[] = [
  jsonArrayFormatter,
  ndjsonFormatter,
  singleFormatter,
  otlpJsonFormatter,
  splunkHecFormatter,
  lokiFormatter,
  elasticsearchBulkFormatter,
  chatWebhookFormatter,
];
