import { createLogEvent, validateOptions } from "@hookline/core";
import type { LogEvent, StandardLoggingPayload } from "@hookline/core";
import { describe, expect, it } from "vitest";
import { splunkHec, splunkHecFormatter } from "./splunk-hec.js";

// Expected structure per Splunk "Format events for HTTP Event Collector": stacked event objects,
// each {"time": epoch seconds (number, <sec>.<ms>), "host"?, "source"?, "sourcetype"?, "index"?,
// "event": <data>, "fields"?: {name: string}}.

const success: StandardLoggingPayload = {
  id: "chatcmpl-1",
  litellm_call_id: "call-1",
  status: "success",
  custom_llm_provider: "openai",
  model: "gpt-4o",
  prompt_tokens: 20,
  response_cost: 0.00042,
  cache_hit: false,
  startTime: 1700000000.25,
  endTime: 1700000001.5,
  metadata: { user_api_key_team_id: "team-42" },
};

const failure: StandardLoggingPayload = {
  id: "call-2",
  status: "failure",
  custom_llm_provider: "anthropic",
  model: "claude-3-5-sonnet",
  startTime: 1700000100,
  endTime: 1700000102.75,
  error_str: "litellm.RateLimitError: rate limited\nTraceback (most recent call last):",
  error_information: { error_class: "RateLimitError", error_code: "429" },
};

const event = (payload: StandardLoggingPayload, json?: string): LogEvent => createLogEvent(payload, undefined, json);
const lines = (body: string | Uint8Array) => (body as string).split("\n");
const parseAll = (body: string | Uint8Array) =>
  lines(body)
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe("splunkHec", () => {
  it("writes one HEC event object per line, in order, each ending with a newline", () => {
    const body = splunkHec().encode([event(success), event(failure)]);
    expect(lines(body)).toHaveLength(3);
    expect(lines(body)[2]).toBe("");
    const [first, second] = parseAll(body);
    expect(first).toEqual({
      time: 1700000001.5,
      sourcetype: "litellm:llm_call",
      event: success,
      fields: { model: "gpt-4o", status: "success", custom_llm_provider: "openai" },
    });
    expect(second).toEqual({
      time: 1700000102.75,
      sourcetype: "litellm:llm_call",
      event: failure,
      fields: { model: "claude-3-5-sonnet", status: "failure", custom_llm_provider: "anthropic" },
    });
  });

  it("produces the exact documented key order and number types", () => {
    const body = splunkHec().encode([event({ model: "m", endTime: 1700000001.5 })]);
    expect(body).toBe('{"time":1700000001.5,"sourcetype":"litellm:llm_call","event":{"model":"m","endTime":1700000001.5},"fields":{"model":"m"}}\n');
    expect(typeof parseAll(body)[0]!.time).toBe("number");
  });

  it("adds host, source and index only when set", () => {
    const body = splunkHec({ host: "gw-1", source: "litellm-proxy", index: "llm", sourcetype: "_json" }).encode([event({ endTime: 1700000001 })]);
    expect(body).toBe('{"time":1700000001,"host":"gw-1","source":"litellm-proxy","sourcetype":"_json","index":"llm","event":{"endTime":1700000001}}\n');
  });

  it("rounds time to milliseconds, falls back to startTime, and leaves it out when the payload has none", () => {
    expect(parseAll(splunkHec().encode([event({ endTime: 1700000001.123456 })]))[0]!.time).toBe(1700000001.123);
    expect(parseAll(splunkHec().encode([event({ startTime: 1700000000.25 })]))[0]!.time).toBe(1700000000.25);
    const [noTime] = parseAll(splunkHec().encode([event({ model: "m" })]));
    expect(noTime).not.toHaveProperty("time");
  });

  it("copies only scalar values into fields, as strings, following dotted paths", () => {
    const formatter = splunkHec({ fields: ["prompt_tokens", "cache_hit", "metadata.user_api_key_team_id", "metadata", "missing", "response_cost"] });
    const [parsed] = parseAll(formatter.encode([event(success)]));
    expect(parsed!.fields).toEqual({
      prompt_tokens: "20",
      cache_hit: "false",
      "metadata.user_api_key_team_id": "team-42",
      response_cost: "0.00042",
    });
    for (const value of Object.values(parsed!.fields as object)) expect(typeof value).toBe("string");
  });

  it("omits fields when none of them has a value", () => {
    const [parsed] = parseAll(splunkHec({ fields: ["nope"] }).encode([event(success)]));
    expect(parsed).not.toHaveProperty("fields");
    const [none] = parseAll(splunkHec({ fields: [] }).encode([event(success)]));
    expect(none).not.toHaveProperty("fields");
  });

  it("embeds the payload's memoized JSON text, keeping a preset serialization but on one line", () => {
    const original = '{\n  "model" : "gpt-4o",\r\n  "id":"x\\u00e9"\n}';
    // Built directly: createLogEvent already drops raw line breaks, a hand-made event may not have.
    const preset: LogEvent = { type: "llm_api_success", payload: { model: "gpt-4o", id: "xé" }, json: original };
    const body = splunkHec({ fields: [] }).encode([preset]) as string;
    expect(body).toBe('{"sourcetype":"litellm:llm_call","event":{  "model" : "gpt-4o",  "id":"x\\u00e9"}}\n');
    expect(parseAll(body)[0]!.event).toEqual({ model: "gpt-4o", id: "xé" });
    const fresh = event({ id: "m" });
    splunkHec().encode([fresh]);
    expect(fresh.json).toBe('{"id":"m"}');
  });

  it("keeps unicode and escapes newlines so every event stays on its own line", () => {
    const payload: StandardLoggingPayload = {
      status: "failure",
      model: "模型",
      messages: [{ role: "user", content: "héllo 👋\nline2\r\n\u2028\"q\"" }],
      error_str: "Ошибка 💥\nstack",
      endTime: 1700000003,
    };
    const body = splunkHec().encode([event(payload), event(failure)]);
    expect(lines(body)).toHaveLength(3);
    const [parsed] = parseAll(body);
    expect(parsed!.event).toEqual(payload);
    expect(parsed!.fields).toEqual({ model: "模型", status: "failure" });
  });

  it("declares application/json, no batch limit and the splunk_hec type", () => {
    const formatter = splunkHec();
    expect(formatter).toMatchObject({ type: "splunk_hec", contentType: "application/json", specificationVersion: 1 });
    expect(formatter.maxBatchSize).toBeUndefined();
  });
});

describe("splunkHecFormatter", () => {
  it("fills in defaults from its options schema and rejects unknown options", () => {
    expect(splunkHecFormatter).toMatchObject({ kind: "formatter", specificationVersion: 1, type: "splunk_hec" });
    expect(splunkHecFormatter.optionsSchema).toMatchObject({ type: "object", additionalProperties: false });
    expect(validateOptions(splunkHecFormatter as never, {})).toEqual({ sourcetype: "litellm:llm_call", fields: ["model", "status", "custom_llm_provider"] });
    expect(() => validateOptions(splunkHecFormatter as never, { token: "x" })).toThrow(/unknown option/);
    expect(() => validateOptions(splunkHecFormatter as never, { fields: "model" })).toThrow(/fields/);
    expect(() => validateOptions(splunkHecFormatter as never, { index: "" })).toThrow(/index/);
  });

  it("creates a working formatter from validated options", () => {
    const formatter = splunkHecFormatter.create(validateOptions(splunkHecFormatter as never, { index: "main" }));
    expect(parseAll(formatter.encode([event(success)]))[0]).toMatchObject({ index: "main", sourcetype: "litellm:llm_call" });
  });
});
