import { createLogEvent, validateOptions } from "@hookline/core";
import type { LogEvent, StandardLoggingPayload } from "@hookline/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loki, lokiFormatter, lokiLabelName } from "./loki.js";

// Expected structure per the Loki HTTP API "Ingest logs" (POST /loki/api/v1/push, JSON):
// {"streams":[{"stream":{"label":"value"},"values":[["<unix epoch in nanoseconds>","<log line>",{"k":"v"}?]]}]}

const NOW_MS = 1_700_000_999_123;

const success: StandardLoggingPayload = {
  id: "chatcmpl-1",
  litellm_call_id: "call-1",
  status: "success",
  custom_llm_provider: "openai",
  model: "gpt-4o",
  startTime: 1700000000.25,
  endTime: 1700000001.5,
  metadata: { user_api_key_team_id: "team-42" },
};

const failure: StandardLoggingPayload = {
  id: "call-2",
  litellm_call_id: "call-2",
  status: "failure",
  custom_llm_provider: "anthropic",
  model: "claude-3-5-sonnet",
  endTime: 1700000102.75,
  error_str: "litellm.RateLimitError: rate limited\nTraceback (most recent call last):",
  error_information: { error_class: "RateLimitError" },
};

interface Push {
  streams: { stream: Record<string, string>; values: [string, string, Record<string, string>?][] }[];
}

const event = (payload: StandardLoggingPayload, json?: string): LogEvent => createLogEvent(payload, undefined, json);
const push = (events: LogEvent[], options = {}): Push => JSON.parse(loki(options).encode(events) as string) as Push;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW_MS);
});
afterEach(() => {
  vi.useRealTimers();
});

describe("loki", () => {
  it("encodes a push request with nanosecond string timestamps and the payload JSON as the line", () => {
    const body = loki().encode([event(success)]);
    expect(body).toBe(
      JSON.stringify({
        streams: [
          {
            stream: { job: "litellm", status: "success", custom_llm_provider: "openai" },
            values: [["1700000001500000000", JSON.stringify(success)]],
          },
        ],
      }),
    );
  });

  it("groups events into one stream per label set, keeping batch order within a stream", () => {
    const second = { ...success, id: "chatcmpl-3", endTime: 1700000200 };
    const parsed = push([event(success), event(failure), event(second)]);
    expect(parsed.streams).toHaveLength(2);
    expect(parsed.streams[0]!.stream).toEqual({ job: "litellm", status: "success", custom_llm_provider: "openai" });
    expect(parsed.streams[0]!.values.map(([ts, line]) => [ts, (JSON.parse(line) as StandardLoggingPayload).id])).toEqual([
      ["1700000001500000000", "chatcmpl-1"],
      ["1700000200000000000", "chatcmpl-3"],
    ]);
    expect(parsed.streams[1]!.stream).toEqual({ job: "litellm", status: "failure", custom_llm_provider: "anthropic" });
    expect(JSON.parse(parsed.streams[1]!.values[0]![1])).toEqual(failure);
  });

  it("treats label sets as equal regardless of where a value came from", () => {
    const parsed = push([event({ status: "success" }), event({ status: "success", custom_llm_provider: "" })], { labels: { job: "x" } });
    expect(parsed.streams).toHaveLength(1);
    expect(parsed.streams[0]!.stream).toEqual({ job: "x", status: "success" });
  });

  it("writes timestamps as strings of Unix epoch nanoseconds, from endTime, else startTime, else now", () => {
    const values = push([event({ endTime: 1700000001.123456 }), event({ startTime: 1700000000.25 }), event({})], { label_fields: [] }).streams[0]!.values;
    expect(values.map(([ts]) => ts)).toEqual(["1700000001123456000", "1700000000250000000", "1700000999123000000"]);
    for (const [ts] of values) expect(ts).toMatch(/^\d{19}$/);
  });

  it("uses the memoized payload JSON verbatim as the log line", () => {
    const original = '{ "model" : "gpt-4o",\n "id":"x\\u00e9" }';
    const preset: LogEvent = { type: "llm_api_success", payload: { model: "gpt-4o", id: "xé" }, json: original };
    const [value] = push([preset]).streams[0]!.values;
    expect(value![1]).toBe(original);
  });

  it("makes label names valid: field paths and odd characters become underscores, no reserved __ prefix", () => {
    const parsed = push([event({ ...success, "9lives": "yes", "__name__": "n", "a-b c": "v" })], {
      labels: { job: "litellm", env: "prod" },
      label_fields: ["metadata.user_api_key_team_id", "9lives", "__name__", "a-b c", "model"],
    });
    expect(parsed.streams[0]!.stream).toEqual({
      job: "litellm",
      env: "prod",
      metadata_user_api_key_team_id: "team-42",
      _9lives: "yes",
      _name__: "n",
      a_b_c: "v",
      model: "gpt-4o",
    });
    for (const name of Object.keys(parsed.streams[0]!.stream)) {
      expect(name).toMatch(/^[a-zA-Z_][a-zA-Z0-9_]*$/);
      expect(name.startsWith("__")).toBe(false);
    }
  });

  it("turns only scalar field values into labels, as strings", () => {
    const parsed = push([event({ cache_hit: true, prompt_tokens: 5, metadata: { a: 1 }, end_user: null })], {
      labels: {},
      label_fields: ["cache_hit", "prompt_tokens", "metadata", "end_user"],
    });
    expect(parsed.streams[0]!.stream).toEqual({ cache_hit: "true", prompt_tokens: "5" });
  });

  it("adds structured metadata as the third element only when a field has a value", () => {
    const parsed = push([event(success), event({ ...success, litellm_call_id: null, trace_id: undefined })], {
      structured_metadata_fields: ["litellm_call_id", "metadata.user_api_key_team_id", "trace_id"],
    });
    const [first, second] = parsed.streams[0]!.values;
    expect(first).toHaveLength(3);
    expect(first![2]).toEqual({ litellm_call_id: "call-1", metadata_user_api_key_team_id: "team-42" });
    expect(second).toHaveLength(3);
    expect(second![2]).toEqual({ metadata_user_api_key_team_id: "team-42" });
    const [plain] = push([event({ model: "m" })], { structured_metadata_fields: ["litellm_call_id"] }).streams[0]!.values;
    expect(plain).toHaveLength(2);
  });

  it("keeps unicode and newlines inside the line (JSON-escaped in the request)", () => {
    const payload: StandardLoggingPayload = {
      status: "failure",
      custom_llm_provider: "提供者",
      messages: [{ role: "user", content: "héllo 👋\nline2\r\n\u2028\"q\"" }],
      error_str: "Ошибка 💥\nstack",
      endTime: 1700000003,
    };
    const body = loki().encode([event(payload)]) as string;
    expect(body).not.toMatch(/[\n\r]/);
    const parsed = JSON.parse(body) as Push;
    expect(parsed.streams[0]!.stream).toEqual({ job: "litellm", status: "failure", custom_llm_provider: "提供者" });
    expect(JSON.parse(parsed.streams[0]!.values[0]![1])).toEqual(payload);
  });

  it("declares application/json, no batch limit and the loki type", () => {
    const formatter = loki();
    expect(formatter).toMatchObject({ type: "loki", contentType: "application/json", specificationVersion: 1 });
    expect(formatter.maxBatchSize).toBeUndefined();
  });
});

describe("lokiLabelName", () => {
  it("keeps valid names and repairs invalid ones", () => {
    expect(lokiLabelName("job")).toBe("job");
    expect(lokiLabelName("_private")).toBe("_private");
    expect(lokiLabelName("metadata.user_api_key_team_id")).toBe("metadata_user_api_key_team_id");
    expect(lokiLabelName("9lives")).toBe("_9lives");
    expect(lokiLabelName("__name__")).toBe("_name__");
    expect(lokiLabelName("ünï")).toBe("_n_");
    expect(lokiLabelName("")).toBe("_");
  });
});

describe("lokiFormatter", () => {
  it("fills in defaults from its options schema and rejects invalid static label names", () => {
    expect(lokiFormatter).toMatchObject({ kind: "formatter", specificationVersion: 1, type: "loki" });
    expect(lokiFormatter.optionsSchema).toMatchObject({ type: "object", additionalProperties: false });
    expect(validateOptions(lokiFormatter as never, {})).toEqual({
      labels: { job: "litellm" },
      label_fields: ["status", "custom_llm_provider"],
      structured_metadata_fields: [],
    });
    expect(() => validateOptions(lokiFormatter as never, { labels: { "bad-name": "x" } })).toThrow(/labels/);
    expect(() => validateOptions(lokiFormatter as never, { labels: { __name__: "x" } })).toThrow(/labels/);
    expect(() => validateOptions(lokiFormatter as never, { tenant: "x" })).toThrow(/unknown option/);
  });

  it("creates a working formatter from validated options", () => {
    const formatter = lokiFormatter.create(validateOptions(lokiFormatter as never, { labels: { app: "gw" } }));
    expect((JSON.parse(formatter.encode([event(success)]) as string) as Push).streams[0]!.stream).toEqual({
      app: "gw",
      status: "success",
      custom_llm_provider: "openai",
    });
  });
});
