// Wire format: OTLP/HTTP with the JSON Protobuf Encoding, an ExportLogsServiceRequest POSTed to /v1/logs.
//   https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding (lowerCamelCase keys, 64-bit
//     integers as decimal strings, enums as integers, trace ids as hex)
//   https://github.com/open-telemetry/opentelemetry-proto/blob/main/docs/generated/logs.proto.md (LogRecord fields, SeverityNumber)
// Attributes and event name: OpenTelemetry GenAI semantic conventions (Development status).
//   https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-events/ (event gen_ai.client.inference.operation.details)
import type { Formatter, FormatterDefinition, LogEvent, StandardLoggingPayload } from "@hookline/core";
import { callType, eventTimeSeconds, fieldValue, isRecord, secondsToNanosString } from "./payload-fields.js";

/** Options of the `otlp_json` formatter. */
export type OtlpJsonOptions = {
  /** `service.name` resource attribute. @default "litellm" */
  readonly service_name?: string;
  /** More resource attributes, e.g. `{"deployment.environment.name": "prod"}`. @default {} */
  readonly resource_attributes?: Readonly<Record<string, string | number | boolean>>;
  /** `payload`: the log record body is the whole payload as a `kvlistValue`; `none`: no body. @default "payload" */
  readonly body?: "payload" | "none";
};

/** An OTLP `AnyValue` in the JSON encoding; `{}` is the empty value (JSON null). */
export type OtlpAnyValue =
  | { readonly stringValue: string }
  | { readonly boolValue: boolean }
  | { readonly intValue: string }
  | { readonly doubleValue: number | string }
  | { readonly arrayValue: { readonly values: readonly OtlpAnyValue[] } }
  | { readonly kvlistValue: { readonly values: readonly OtlpKeyValue[] } }
  | Readonly<Record<string, never>>;

/** An OTLP `KeyValue` in the JSON encoding. */
export interface OtlpKeyValue {
  readonly key: string;
  readonly value: OtlpAnyValue;
}

/** The event name every log record carries (GenAI semantic conventions). */
export const GEN_AI_EVENT_NAME = "gen_ai.client.inference.operation.details";

/** `SeverityNumber` values (`SEVERITY_NUMBER_INFO`, `SEVERITY_NUMBER_ERROR`); enums are integers in OTLP/JSON. */
const SEVERITY_INFO = 9;
const SEVERITY_ERROR = 17;

const SCOPE_NAME = "hookline";

/**
 * LiteLLM `custom_llm_provider` values that have a well-known `gen_ai.provider.name`; the
 * conventions say the well-known value MUST be used when one applies. Others pass through as is.
 */
const PROVIDER_NAMES: Readonly<Record<string, string>> = {
  openai: "openai",
  text_completion_openai: "openai",
  anthropic: "anthropic",
  bedrock: "aws.bedrock",
  bedrock_converse: "aws.bedrock",
  azure: "azure.ai.openai",
  azure_text: "azure.ai.openai",
  azure_ai: "azure.ai.inference",
  cohere: "cohere",
  cohere_chat: "cohere",
  deepseek: "deepseek",
  gemini: "gcp.gemini",
  vertex_ai: "gcp.vertex_ai",
  vertex_ai_beta: "gcp.vertex_ai",
  groq: "groq",
  watsonx: "ibm.watsonx.ai",
  watsonx_text: "ibm.watsonx.ai",
  mistral: "mistral_ai",
  codestral: "mistral_ai",
  moonshot: "moonshot_ai",
  perplexity: "perplexity",
  xai: "x_ai",
};

/**
 * Creates the `otlp_json` formatter: a batch becomes one OTLP/HTTP JSON `ExportLogsServiceRequest`
 * (for `POST /v1/logs`), one resource, one scope (`hookline`) and one log record per event,
 * sent as `application/json`.
 *
 * Each record is a `gen_ai.client.inference.operation.details` event: `timeUnixNano` from the
 * payload's `endTime` (else `startTime`, else "0", unknown), severity INFO (9) for success and ERROR (17)
 * for failure, GenAI semantic-convention attributes (`gen_ai.operation.name`,
 * `gen_ai.provider.name`, `gen_ai.request.model`, `gen_ai.usage.input_tokens`, `error.type`, ...),
 * LiteLLM attributes under `litellm.*`, and by default the whole payload as the body.
 *
 * @example
 * ```ts
 * const formatter = otlpJson({ service_name: "llm-gateway", resource_attributes: { "deployment.environment.name": "prod" } });
 * formatter.encode([event]); // '{"resourceLogs":[{"resource":{"attributes":[...]},"scopeLogs":[...]}]}'
 * ```
 */
export function otlpJson(options: OtlpJsonOptions = {}): Formatter {
  const serviceName = options.service_name ?? "litellm";
  const includeBody = (options.body ?? "payload") === "payload";
  const resourceAttributes = resourceKeyValues(serviceName, options.resource_attributes ?? {});
  return {
    specificationVersion: 1,
    type: "otlp_json",
    contentType: "application/json",
    encode(events: readonly LogEvent[]): string {
      const logRecords = events.map((event) => logRecord(event, includeBody));
      return JSON.stringify({
        resourceLogs: [
          {
            resource: { attributes: resourceAttributes },
            scopeLogs: [{ scope: { name: SCOPE_NAME }, logRecords }],
          },
        ],
      });
    },
  };
}

function resourceKeyValues(serviceName: string, extra: Readonly<Record<string, string | number | boolean>>): OtlpKeyValue[] {
  const attributes = new Map<string, OtlpAnyValue>([["service.name", { stringValue: serviceName }]]);
  for (const [key, value] of Object.entries(extra)) attributes.set(key, toAnyValue(value));
  return [...attributes].map(([key, value]) => ({ key, value }));
}

// A formatter is pure, so no clock: both times come from the payload (LiteLLM observed the call
// when it ended); "0" is OTLP's "unknown", and receivers then use their arrival time.
function logRecord(event: LogEvent, includeBody: boolean): Record<string, unknown> {
  const payload = event.payload;
  const failed = event.type === "llm_api_failure";
  const seconds = eventTimeSeconds(payload);
  const time = seconds === undefined ? "0" : secondsToNanosString(seconds);
  const record: Record<string, unknown> = {
    timeUnixNano: time,
    observedTimeUnixNano: time,
    severityNumber: failed ? SEVERITY_ERROR : SEVERITY_INFO,
    severityText: failed ? "ERROR" : "INFO",
    eventName: GEN_AI_EVENT_NAME,
  };
  if (includeBody) record.body = toAnyValue(payload);
  record.attributes = attributes(event, failed);
  const traceId = otlpTraceId(payload.trace_id);
  if (traceId !== undefined) record.traceId = traceId;
  return record;
}

// A W3C/OTLP trace id is 16 bytes, hex encoded in OTLP/JSON; all zeroes is invalid. LiteLLM's own
// trace_id is usually a dashed UUID that no tracing backend knows, so only a bare 32-hex id is used.
function otlpTraceId(value: unknown): string | undefined {
  if (typeof value !== "string" || !/^[0-9a-fA-F]{32}$/.test(value) || /^0+$/.test(value)) return undefined;
  return value.toLowerCase();
}

/** `gen_ai.operation.name` from LiteLLM's `call_type`. */
function operationName(event: LogEvent): string {
  const type = callType(event);
  if (type === undefined) return "chat";
  if (type.includes("text_completion")) return "text_completion";
  if (type.includes("embedding")) return "embeddings";
  if (type.includes("generate_content")) return "generate_content";
  if (type.includes("completion") || type.includes("responses") || type === "anthropic_messages") return "chat";
  return KNOWN_ASYNC.has(type) ? type.slice(1) : type;
}

// Async call types LiteLLM names with a leading "a" (aimage_generation -> image_generation).
const KNOWN_ASYNC = new Set(["aimage_generation", "amoderation", "atranscription", "aspeech", "arerank", "aimage_edit", "avideo_generation"]);

function attributes(event: LogEvent, failed: boolean): OtlpKeyValue[] {
  const payload = event.payload;
  const list: OtlpKeyValue[] = [];
  const str = (key: string, value: unknown) => {
    if (typeof value === "string" && value !== "") list.push({ key, value: { stringValue: value } });
  };
  const int = (key: string, value: unknown) => {
    if (typeof value === "number" && Number.isFinite(value)) list.push({ key, value: { intValue: String(Math.round(value)) } });
  };
  const dbl = (key: string, value: unknown) => {
    if (typeof value === "number" && Number.isFinite(value)) list.push({ key, value: { doubleValue: value } });
  };
  const bool = (key: string, value: unknown) => {
    if (typeof value === "boolean") list.push({ key, value: { boolValue: value } });
  };

  str("gen_ai.operation.name", operationName(event));
  const provider = payload.custom_llm_provider;
  if (typeof provider === "string" && provider !== "") str("gen_ai.provider.name", PROVIDER_NAMES[provider.toLowerCase()] ?? provider);
  str("gen_ai.request.model", payload.model);
  if (payload.stream === true) bool("gen_ai.request.stream", true);
  const parameters = isRecord(payload.model_parameters) ? payload.model_parameters : {};
  dbl("gen_ai.request.temperature", parameters.temperature);
  dbl("gen_ai.request.top_p", parameters.top_p);
  int("gen_ai.request.max_tokens", parameters.max_tokens ?? parameters.max_completion_tokens);
  const response = isRecord(payload.response) ? payload.response : undefined;
  str("gen_ai.response.model", response?.model);
  str("gen_ai.response.id", payload.id);
  const finishReasons = finishReasonsOf(response);
  if (finishReasons.length > 0) {
    list.push({ key: "gen_ai.response.finish_reasons", value: { arrayValue: { values: finishReasons.map((stringValue) => ({ stringValue })) } } });
  }
  int("gen_ai.usage.input_tokens", payload.prompt_tokens);
  int("gen_ai.usage.output_tokens", payload.completion_tokens);
  if (failed) {
    const errorClass = payload.error_information?.error_class;
    str("error.type", typeof errorClass === "string" && errorClass !== "" ? errorClass : "_OTHER");
  }
  const server = serverOf(payload.api_base);
  if (server) {
    str("server.address", server.address);
    if (server.port !== undefined) int("server.port", server.port);
  }

  str("litellm.call_id", payload.litellm_call_id);
  str("litellm.trace_id", payload.trace_id);
  str("litellm.call_type", payload.call_type);
  str("litellm.custom_llm_provider", provider);
  dbl("litellm.response_cost", payload.response_cost);
  bool("litellm.cache_hit", payload.cache_hit);
  str("litellm.model_group", payload.model_group);
  str("litellm.api_base", payload.api_base);
  str("litellm.user_api_key_team_id", fieldValue(payload, "metadata.user_api_key_team_id"));
  str("litellm.end_user", payload.end_user || fieldValue(payload, "metadata.user_api_key_end_user_id"));
  return list;
}

function finishReasonsOf(response: Record<string, unknown> | undefined): string[] {
  const choices = response?.choices;
  if (!Array.isArray(choices)) return [];
  const reasons: string[] = [];
  for (const choice of choices) {
    if (isRecord(choice) && typeof choice.finish_reason === "string" && choice.finish_reason !== "") reasons.push(choice.finish_reason);
  }
  return reasons;
}

function serverOf(apiBase: StandardLoggingPayload["api_base"]): { address: string; port: number | undefined } | undefined {
  if (typeof apiBase !== "string" || apiBase === "") return undefined;
  let url: URL;
  try {
    url = new URL(apiBase);
  } catch {
    return undefined;
  }
  if (url.hostname === "") return undefined;
  const address = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = url.port !== "" ? Number(url.port) : url.protocol === "https:" ? 443 : url.protocol === "http:" ? 80 : undefined;
  return { address, port };
}

/**
 * Maps a JSON-like value to an OTLP `AnyValue` the way `JSON.stringify` would see it: `toJSON` is
 * honoured, keys whose value is undefined or a function are dropped, null becomes the empty value.
 * Safe integers become `intValue` (a decimal string, as 64-bit integers are in OTLP/JSON), other
 * numbers `doubleValue` (non-finite ones as the proto3 JSON strings `"NaN"`, `"Infinity"`).
 * A circular reference becomes the string `CircularReference Detected`, as in `safeJsonStringify`.
 */
export function toAnyValue(value: unknown, ancestors: object[] = []): OtlpAnyValue {
  if (value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON === "function") {
    value = (value as { toJSON(): unknown }).toJSON();
  }
  switch (typeof value) {
    case "string":
      return { stringValue: value };
    case "boolean":
      return { boolValue: value };
    case "bigint":
      return { intValue: value.toString() };
    case "number":
      if (Number.isSafeInteger(value)) return { intValue: String(value) };
      return { doubleValue: Number.isFinite(value) ? value : String(value) };
    case "object": {
      if (value === null) return {};
      if (ancestors.includes(value)) return { stringValue: "CircularReference Detected" };
      ancestors.push(value);
      let mapped: OtlpAnyValue;
      if (Array.isArray(value)) {
        mapped = { arrayValue: { values: value.map((item) => toAnyValue(item, ancestors)) } };
      } else {
        const values: OtlpKeyValue[] = [];
        for (const [key, item] of Object.entries(value)) {
          if (item === undefined || typeof item === "function" || typeof item === "symbol") continue;
          values.push({ key, value: toAnyValue(item, ancestors) });
        }
        mapped = { kvlistValue: { values } };
      }
      ancestors.pop();
      return mapped;
    }
    default:
      return {};
  }
}

/** Definition of the `otlp_json` formatter, for registries and config files. */
export const otlpJsonFormatter: FormatterDefinition<OtlpJsonOptions> = {
  kind: "formatter",
  specificationVersion: 1,
  type: "otlp_json",
  description: "OTLP/HTTP JSON ExportLogsServiceRequest for POST /v1/logs, GenAI semantic conventions (application/json)",
  optionsSchema: {
    type: "object",
    properties: {
      service_name: { type: "string", minLength: 1, default: "litellm", description: "service.name resource attribute" },
      resource_attributes: {
        type: "object",
        additionalProperties: { type: ["string", "number", "boolean"] },
        default: {},
        description: "More resource attributes",
      },
      body: { enum: ["payload", "none"], default: "payload", description: "payload: the whole payload as the log body; none: no body" },
    },
    additionalProperties: false,
  },
  create: (options) => otlpJson(options),
};
