import { createLogEvent, validateOptions } from "@hookline/core";
import type { LogEvent, StandardLoggingPayload } from "@hookline/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GEN_AI_EVENT_NAME, otlpJson, otlpJsonFormatter, toAnyValue } from "./otlp-json.js";

// Expected structure per https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding and
// opentelemetry-proto logs/v1 (LogRecord) + the GenAI event conventions.

const NOW_MS = 1_700_000_999_123;

const success: StandardLoggingPayload = {
  id: "chatcmpl-9f8e7d6c",
  trace_id: "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d",
  litellm_call_id: "c0ffee00-1111-4222-8333-444455556666",
  call_type: "acompletion",
  stream: false,
  response_cost: 0.00042,
  status: "success",
  custom_llm_provider: "openai",
  total_tokens: 30,
  prompt_tokens: 20,
  completion_tokens: 10,
  startTime: 1700000000.25,
  endTime: 1700000001.5,
  response_time: 1.25,
  model: "gpt-4o",
  model_group: "gpt-4o-public",
  api_base: "https://api.openai.com/v1",
  metadata: { user_api_key_team_id: "team-42", user_api_key_alias: "ci" },
  cache_hit: false,
  end_user: "user-7",
  messages: [{ role: "user", content: "Hi" }],
  response: {
    id: "chatcmpl-9f8e7d6c",
    model: "gpt-4o-2024-08-06",
    choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: "Hello!" } }],
  },
  error_str: null,
  model_parameters: { temperature: 0.2, max_tokens: 256 },
};

const failure: StandardLoggingPayload = {
  id: "d00d0000-aaaa-4bbb-8ccc-dddddddddddd",
  litellm_call_id: "d00d0000-aaaa-4bbb-8ccc-dddddddddddd",
  trace_id: "4BF92F3577B34DA6A3CE929D0E0E4736",
  call_type: "acompletion",
  status: "failure",
  custom_llm_provider: "anthropic",
  model: "claude-3-5-sonnet-20241022",
  prompt_tokens: 0,
  completion_tokens: 0,
  response_cost: 0,
  startTime: 1700000100,
  endTime: 1700000102.75,
  api_base: "http://10.0.0.5:8080/anthropic",
  error_str: "litellm.RateLimitError: AnthropicException - rate limited\nTraceback (most recent call last):",
  error_information: { error_code: "429", error_class: "RateLimitError", llm_provider: "anthropic" },
  status_fields: { llm_api_status: "failure" },
};

const event = (payload: StandardLoggingPayload): LogEvent => createLogEvent(payload);

interface Parsed {
  resourceLogs: {
    resource: { attributes: { key: string; value: Record<string, unknown> }[] };
    scopeLogs: { scope: { name: string }; logRecords: Record<string, unknown>[] }[];
  }[];
}

const encode = (events: LogEvent[], options = {}): Parsed => JSON.parse(otlpJson(options).encode(events) as string) as Parsed;
const records = (parsed: Parsed) => parsed.resourceLogs[0]!.scopeLogs[0]!.logRecords;
const attrs = (record: Record<string, unknown>) =>
  Object.fromEntries((record.attributes as { key: string; value: unknown }[]).map(({ key, value }) => [key, value]));

// Decodes an AnyValue back into plain JSON, to check the body carries the payload losslessly.
function decode(value: Record<string, unknown>): unknown {
  if ("stringValue" in value) return value.stringValue;
  if ("boolValue" in value) return value.boolValue;
  if ("intValue" in value) return Number(value.intValue);
  if ("doubleValue" in value) return value.doubleValue;
  if ("arrayValue" in value) return ((value.arrayValue as { values: Record<string, unknown>[] }).values ?? []).map(decode);
  if ("kvlistValue" in value) {
    const values = (value.kvlistValue as { values: { key: string; value: Record<string, unknown> }[] }).values;
    return Object.fromEntries(values.map((kv) => [kv.key, decode(kv.value)]));
  }
  return null;
}

function objectKeys(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) objectKeys(item, out);
  else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      out.push(key);
      // kvlist keys and attribute keys are data ("key": "..."), not field names; walk values only.
      objectKeys(item, out);
    }
  }
  return out;
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW_MS);
});
afterEach(() => {
  vi.useRealTimers();
});

describe("otlpJson", () => {
  it("wraps a batch in one ExportLogsServiceRequest: one resource, one hookline scope, one record per event", () => {
    const parsed = encode([event(success), event(failure)]);
    expect(Object.keys(parsed)).toEqual(["resourceLogs"]);
    expect(parsed.resourceLogs).toHaveLength(1);
    expect(parsed.resourceLogs[0]!.resource).toEqual({ attributes: [{ key: "service.name", value: { stringValue: "litellm" } }] });
    expect(parsed.resourceLogs[0]!.scopeLogs).toHaveLength(1);
    expect(parsed.resourceLogs[0]!.scopeLogs[0]!.scope).toEqual({ name: "hookline" });
    expect(records(parsed)).toHaveLength(2);
  });

  it("encodes a success as an INFO gen_ai event with nanosecond string timestamps and GenAI attributes", () => {
    const [record] = records(encode([event(success)]));
    expect(record).toMatchObject({
      timeUnixNano: "1700000001500000000",
      observedTimeUnixNano: "1700000001500000000",
      severityNumber: 9,
      severityText: "INFO",
      eventName: "gen_ai.client.inference.operation.details",
    });
    expect(GEN_AI_EVENT_NAME).toBe("gen_ai.client.inference.operation.details");
    expect(record).not.toHaveProperty("traceId");
    expect(record!.attributes).toEqual([
      { key: "gen_ai.operation.name", value: { stringValue: "chat" } },
      { key: "gen_ai.provider.name", value: { stringValue: "openai" } },
      { key: "gen_ai.request.model", value: { stringValue: "gpt-4o" } },
      { key: "gen_ai.request.temperature", value: { doubleValue: 0.2 } },
      { key: "gen_ai.request.max_tokens", value: { intValue: "256" } },
      { key: "gen_ai.response.model", value: { stringValue: "gpt-4o-2024-08-06" } },
      { key: "gen_ai.response.id", value: { stringValue: "chatcmpl-9f8e7d6c" } },
      { key: "gen_ai.response.finish_reasons", value: { arrayValue: { values: [{ stringValue: "stop" }] } } },
      { key: "gen_ai.usage.input_tokens", value: { intValue: "20" } },
      { key: "gen_ai.usage.output_tokens", value: { intValue: "10" } },
      { key: "server.address", value: { stringValue: "api.openai.com" } },
      { key: "server.port", value: { intValue: "443" } },
      { key: "litellm.call_id", value: { stringValue: "c0ffee00-1111-4222-8333-444455556666" } },
      { key: "litellm.trace_id", value: { stringValue: "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d" } },
      { key: "litellm.call_type", value: { stringValue: "acompletion" } },
      { key: "litellm.custom_llm_provider", value: { stringValue: "openai" } },
      { key: "litellm.response_cost", value: { doubleValue: 0.00042 } },
      { key: "litellm.cache_hit", value: { boolValue: false } },
      { key: "litellm.model_group", value: { stringValue: "gpt-4o-public" } },
      { key: "litellm.api_base", value: { stringValue: "https://api.openai.com/v1" } },
      { key: "litellm.user_api_key_team_id", value: { stringValue: "team-42" } },
      { key: "litellm.end_user", value: { stringValue: "user-7" } },
    ]);
  });

  it("encodes a failure as ERROR (17) with error.type from error_class and the well-known provider name", () => {
    const [record] = records(encode([event(failure)]));
    expect(record).toMatchObject({ timeUnixNano: "1700000102750000000", severityNumber: 17, severityText: "ERROR" });
    const a = attrs(record!);
    expect(a["error.type"]).toEqual({ stringValue: "RateLimitError" });
    expect(a["gen_ai.provider.name"]).toEqual({ stringValue: "anthropic" });
    expect(a["gen_ai.usage.input_tokens"]).toEqual({ intValue: "0" });
    expect(a["litellm.response_cost"]).toEqual({ doubleValue: 0 });
    expect(a["server.address"]).toEqual({ stringValue: "10.0.0.5" });
    expect(a["server.port"]).toEqual({ intValue: "8080" });
    expect(a).not.toHaveProperty("gen_ai.response.finish_reasons");
    expect(a).not.toHaveProperty("gen_ai.response.model");
  });

  it("uses error.type _OTHER for a failure without an error class, and none on success", () => {
    const [failed] = records(encode([createLogEvent({ status: "failure" })]));
    expect(attrs(failed!)["error.type"]).toEqual({ stringValue: "_OTHER" });
    expect(attrs(records(encode([event(success)]))[0]!)).not.toHaveProperty("error.type");
  });

  it("sets traceId only for a 32-hex trace id, lower-cased; never a dashed UUID or all zeroes", () => {
    expect(records(encode([event(failure)]))[0]!.traceId).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(records(encode([event(success)]))[0]).not.toHaveProperty("traceId");
    expect(records(encode([event({ trace_id: "0".repeat(32) })]))[0]).not.toHaveProperty("traceId");
    expect(records(encode([event({ trace_id: "g".repeat(32) })]))[0]).not.toHaveProperty("traceId");
  });

  it("maps the whole payload into a kvlistValue body, losslessly and with proto3 JSON types", () => {
    const [record] = records(encode([event(success)]));
    const body = record!.body as { kvlistValue: { values: { key: string; value: Record<string, unknown> }[] } };
    const byKey = Object.fromEntries(body.kvlistValue.values.map(({ key, value }) => [key, value]));
    expect(byKey.id).toEqual({ stringValue: "chatcmpl-9f8e7d6c" });
    expect(byKey.prompt_tokens).toEqual({ intValue: "20" });
    expect(byKey.response_cost).toEqual({ doubleValue: 0.00042 });
    expect(byKey.endTime).toEqual({ doubleValue: 1700000001.5 });
    expect(byKey.stream).toEqual({ boolValue: false });
    expect(byKey.error_str).toEqual({});
    expect(byKey.messages).toEqual({
      arrayValue: {
        values: [
          {
            kvlistValue: {
              values: [
                { key: "role", value: { stringValue: "user" } },
                { key: "content", value: { stringValue: "Hi" } },
              ],
            },
          },
        ],
      },
    });
    expect(decode(record!.body as Record<string, unknown>)).toEqual(success);
  });

  it("uses only lowerCamelCase field names and decimal strings for every 64-bit integer", () => {
    const body = otlpJson().encode([event(success), event(failure)]) as string;
    const parsed = JSON.parse(body) as unknown;
    const allowed = /^[a-z][a-zA-Z]*$/;
    const fieldNames = objectKeys(parsed).filter((key) => !allowed.test(key));
    expect(fieldNames).toEqual([]);
    for (const match of body.matchAll(/"(intValue|timeUnixNano|observedTimeUnixNano)":("?)([^",}]*)/g)) {
      expect(match[2]).toBe('"');
      expect(match[3]).toMatch(/^-?\d+$/);
    }
    expect(body).not.toMatch(/"severityNumber":"/);
  });

  it("keeps unicode and newlines in messages intact", () => {
    const payload: StandardLoggingPayload = {
      status: "failure",
      model: "模型-ü",
      messages: [{ role: "user", content: "héllo 👋\nline2\t\"quoted\"\r\n\u2028end" }],
      error_str: "Ошибка: 💥\nstack",
      error_information: { error_class: "BadRequestError" },
      endTime: 1700000003,
    };
    const body = otlpJson().encode([createLogEvent(payload)]) as string;
    expect(body).not.toMatch(/[\n\r]/);
    const [record] = records(JSON.parse(body) as Parsed);
    expect(decode(record!.body as Record<string, unknown>)).toEqual(payload);
    expect(attrs(record!)["gen_ai.request.model"]).toEqual({ stringValue: "模型-ü" });
    expect(record!.timeUnixNano).toBe("1700000003000000000");
  });

  it("falls back from endTime to startTime to 0 (OTLP's unknown): a formatter reads no clock", () => {
    expect(records(encode([event({ startTime: 1700000000.000001 })]))[0]!.timeUnixNano).toBe("1700000000000001000");
    expect(records(encode([event({})]))[0]).toMatchObject({ timeUnixNano: "0", observedTimeUnixNano: "0" });
    expect(records(encode([event({ endTime: "not a time" as unknown as number })]))[0]!.timeUnixNano).toBe("0");
  });

  it("names the operation after the call type", () => {
    const op = (call_type?: string) => attrs(records(encode([event(call_type === undefined ? {} : { call_type })]))[0]!)["gen_ai.operation.name"];
    expect(op("completion")).toEqual({ stringValue: "chat" });
    expect(op("litellm.acompletion")).toEqual({ stringValue: "chat" });
    expect(op("aresponses")).toEqual({ stringValue: "chat" });
    expect(op("aembedding")).toEqual({ stringValue: "embeddings" });
    expect(op("embedding")).toEqual({ stringValue: "embeddings" });
    expect(op("atext_completion")).toEqual({ stringValue: "text_completion" });
    expect(op("aimage_generation")).toEqual({ stringValue: "image_generation" });
    expect(op(undefined)).toEqual({ stringValue: "chat" });
  });

  it("maps LiteLLM providers to well-known gen_ai.provider.name values and passes others through", () => {
    const provider = (custom_llm_provider: string) => attrs(records(encode([event({ custom_llm_provider })]))[0]!)["gen_ai.provider.name"];
    expect(provider("bedrock")).toEqual({ stringValue: "aws.bedrock" });
    expect(provider("azure")).toEqual({ stringValue: "azure.ai.openai" });
    expect(provider("vertex_ai")).toEqual({ stringValue: "gcp.vertex_ai" });
    expect(provider("xai")).toEqual({ stringValue: "x_ai" });
    expect(provider("ollama")).toEqual({ stringValue: "ollama" });
  });

  it("lists every choice's finish reason and marks streaming requests", () => {
    const payload = { stream: true, response: { choices: [{ finish_reason: "stop" }, { finish_reason: "length" }, {}] } };
    const a = attrs(records(encode([event(payload)]))[0]!);
    expect(a["gen_ai.response.finish_reasons"]).toEqual({ arrayValue: { values: [{ stringValue: "stop" }, { stringValue: "length" }] } });
    expect(a["gen_ai.request.stream"]).toEqual({ boolValue: true });
  });

  it("takes service_name and resource_attributes, typed as AnyValues", () => {
    const parsed = encode([event(success)], {
      service_name: "llm-gateway",
      resource_attributes: { "deployment.environment.name": "prod", "service.instance.count": 3, ratio: 0.5, canary: true },
    });
    expect(parsed.resourceLogs[0]!.resource.attributes).toEqual([
      { key: "service.name", value: { stringValue: "llm-gateway" } },
      { key: "deployment.environment.name", value: { stringValue: "prod" } },
      { key: "service.instance.count", value: { intValue: "3" } },
      { key: "ratio", value: { doubleValue: 0.5 } },
      { key: "canary", value: { boolValue: true } },
    ]);
  });

  it("leaves the body out with body: none", () => {
    const [record] = records(encode([event(success)], { body: "none" }));
    expect(record).not.toHaveProperty("body");
    expect(attrs(record!)["gen_ai.request.model"]).toEqual({ stringValue: "gpt-4o" });
  });

  it("declares application/json, no batch limit and the otlp_json type", () => {
    const formatter = otlpJson();
    expect(formatter).toMatchObject({ type: "otlp_json", contentType: "application/json", specificationVersion: 1 });
    expect(formatter.maxBatchSize).toBeUndefined();
  });
});

describe("toAnyValue", () => {
  it("follows JSON.stringify: toJSON, dropped undefined members, null as the empty value, cycles marked", () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(toAnyValue(new Date(0))).toEqual({ stringValue: "1970-01-01T00:00:00.000Z" });
    expect(toAnyValue({ a: undefined, b: null, f: () => 1 })).toEqual({ kvlistValue: { values: [{ key: "b", value: {} }] } });
    expect(toAnyValue(cyclic)).toEqual({
      kvlistValue: { values: [{ key: "a", value: { intValue: "1" } }, { key: "self", value: { stringValue: "CircularReference Detected" } }] },
    });
    expect(toAnyValue(2 ** 60)).toEqual({ doubleValue: 2 ** 60 });
    expect(toAnyValue(10n ** 20n)).toEqual({ intValue: "100000000000000000000" });
    expect(toAnyValue(Number.NaN)).toEqual({ doubleValue: "NaN" });
    expect(toAnyValue([])).toEqual({ arrayValue: { values: [] } });
  });
});

describe("otlpJsonFormatter", () => {
  it("fills in defaults from its options schema and rejects unknown options and bad values", () => {
    expect(otlpJsonFormatter).toMatchObject({ kind: "formatter", specificationVersion: 1, type: "otlp_json" });
    expect(otlpJsonFormatter.optionsSchema).toMatchObject({ type: "object", additionalProperties: false });
    expect(validateOptions(otlpJsonFormatter as never, {})).toEqual({ service_name: "litellm", resource_attributes: {}, body: "payload" });
    expect(() => validateOptions(otlpJsonFormatter as never, { body: "all" })).toThrow(/body/);
    expect(() => validateOptions(otlpJsonFormatter as never, { servicename: "x" })).toThrow(/unknown option/);
    expect(() => validateOptions(otlpJsonFormatter as never, { resource_attributes: { a: { b: 1 } } })).toThrow(/resource_attributes/);
  });

  it("creates a working formatter from validated options", () => {
    const formatter = otlpJsonFormatter.create(validateOptions(otlpJsonFormatter as never, { service_name: "gw" }));
    const parsed = JSON.parse(formatter.encode([event(success)]) as string) as Parsed;
    expect(parsed.resourceLogs[0]!.resource.attributes[0]).toEqual({ key: "service.name", value: { stringValue: "gw" } });
  });
});
