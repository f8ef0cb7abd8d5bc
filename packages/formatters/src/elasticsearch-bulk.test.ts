import { createLogEvent, validateOptions } from "@hookline/core";
import type { LogEvent, StandardLoggingPayload } from "@hookline/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { elasticsearchBulk, elasticsearchBulkFormatter } from "./elasticsearch-bulk.js";

// Expected structure per the Elasticsearch bulk API: NDJSON, action_and_meta_data\n source\n ...,
// the final line ending with \n; {"create"|"index": {"_index", "_id"?}} action lines.

const NOW_MS = 1_700_000_999_123;

const success: StandardLoggingPayload = {
  id: "chatcmpl-1",
  litellm_call_id: "call-1",
  status: "success",
  custom_llm_provider: "openai",
  model: "gpt-4o",
  response_cost: 0.00042,
  startTime: 1700000000.25,
  endTime: 1700000001.5,
  metadata: { user_api_key_team_id: "team-42" },
};

const failure: StandardLoggingPayload = {
  litellm_call_id: "call-2",
  status: "failure",
  custom_llm_provider: "anthropic",
  model: "claude-3-5-sonnet",
  startTime: 1700000100,
  error_str: "litellm.RateLimitError: rate limited\nTraceback (most recent call last):",
  error_information: { error_class: "RateLimitError", error_code: "429" },
};

const event = (payload: StandardLoggingPayload): LogEvent => createLogEvent(payload);
const lines = (body: string | Uint8Array) => (body as string).split("\n");
const parsed = (body: string | Uint8Array) =>
  lines(body)
    .slice(0, -1)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW_MS);
});
afterEach(() => {
  vi.useRealTimers();
});

describe("elasticsearchBulk", () => {
  it("writes an action line and a document line per event, the body ending with a newline", () => {
    const body = elasticsearchBulk().encode([event(success), event(failure)]) as string;
    expect(body.endsWith("\n")).toBe(true);
    expect(lines(body)).toHaveLength(5);
    expect(parsed(body)).toEqual([
      { create: { _index: "litellm-logs" } },
      { "@timestamp": "2023-11-14T22:13:21.500Z", event_type: "llm_api_success", ...success },
      { create: { _index: "litellm-logs" } },
      { "@timestamp": "2023-11-14T22:15:00.000Z", event_type: "llm_api_failure", ...failure },
    ]);
  });

  it("writes the exact wire text: the added fields first, then the payload's JSON", () => {
    const body = elasticsearchBulk().encode([event({ id: "a", endTime: 1700000001.5 })]);
    expect(body).toBe(
      '{"create":{"_index":"litellm-logs"}}\n{"@timestamp":"2023-11-14T22:13:21.500Z","event_type":"llm_api_success","id":"a","endTime":1700000001.5}\n',
    );
  });

  it("takes the index, the index action and a custom timestamp field", () => {
    const body = elasticsearchBulk({ index: "logs-litellm-default", action: "index", timestamp_field: "ts" }).encode([event(success)]);
    const [action, doc] = parsed(body);
    expect(action).toEqual({ index: { _index: "logs-litellm-default" } });
    expect(doc).toMatchObject({ ts: "2023-11-14T22:13:21.500Z", event_type: "llm_api_success" });
    expect(doc).not.toHaveProperty("@timestamp");
  });

  it("sets _id from id_field so a retried batch cannot duplicate documents, and leaves it out when missing", () => {
    const body = elasticsearchBulk({ id_field: "litellm_call_id" }).encode([event(success), event({ model: "m" })]);
    const [first, , second] = parsed(body);
    expect(first).toEqual({ create: { _index: "litellm-logs", _id: "call-1" } });
    expect(second).toEqual({ create: { _index: "litellm-logs" } });
    expect(parsed(elasticsearchBulk({ id_field: "id" }).encode([event(success)]))[0]).toEqual({ create: { _index: "litellm-logs", _id: "chatcmpl-1" } });
  });

  it("uses endTime, else startTime, else now for @timestamp, as ISO 8601 in UTC with milliseconds", () => {
    const stamps = parsed(elasticsearchBulk().encode([event({ endTime: 1700000001.1239 }), event({ startTime: 1700000000 }), event({})]))
      .filter((_, i) => i % 2 === 1)
      .map((doc) => doc["@timestamp"]);
    expect(stamps).toEqual(["2023-11-14T22:13:21.124Z", "2023-11-14T22:13:20.000Z", new Date(NOW_MS).toISOString()]);
  });

  it("never writes duplicate keys when the payload already has the timestamp field or event_type", () => {
    const body = elasticsearchBulk().encode([event({ "@timestamp": "old", event_type: "x", id: "d" })]) as string;
    const docLine = lines(body)[1]!;
    expect(docLine.match(/"@timestamp"/g)).toHaveLength(1);
    expect(docLine.match(/"event_type"/g)).toHaveLength(1);
    expect(JSON.parse(docLine)).toEqual({ "@timestamp": new Date(NOW_MS).toISOString(), event_type: "llm_api_success", id: "d" });
  });

  it("handles an empty payload and a preset JSON text with line breaks", () => {
    expect(lines(elasticsearchBulk().encode([event({})]))[1]).toBe(`{"@timestamp":"${new Date(NOW_MS).toISOString()}","event_type":"llm_api_success"}`);
    const preset: LogEvent = { type: "llm_api_failure", payload: { id: "p" }, json: '{\n  "id": "p"\n}' };
    const body = elasticsearchBulk().encode([preset]) as string;
    expect(lines(body)).toHaveLength(3);
    expect(JSON.parse(lines(body)[1]!)).toEqual({ "@timestamp": new Date(NOW_MS).toISOString(), event_type: "llm_api_failure", id: "p" });
  });

  it("keeps unicode and escapes newlines so each document stays on one line", () => {
    const payload: StandardLoggingPayload = {
      status: "failure",
      model: "模型",
      messages: [{ role: "user", content: "héllo 👋\nline2\r\n\u2028\"q\"" }],
      error_str: "Ошибка 💥\nstack",
      endTime: 1700000003,
    };
    const body = elasticsearchBulk().encode([event(payload)]);
    expect(lines(body)).toHaveLength(3);
    expect(parsed(body)[1]).toEqual({ "@timestamp": "2023-11-14T22:13:23.000Z", event_type: "llm_api_failure", ...payload });
  });

  it("declares application/x-ndjson, no batch limit and the elasticsearch_bulk type", () => {
    const formatter = elasticsearchBulk();
    expect(formatter).toMatchObject({ type: "elasticsearch_bulk", contentType: "application/x-ndjson", specificationVersion: 1 });
    expect(formatter.maxBatchSize).toBeUndefined();
  });
});

describe("elasticsearchBulkFormatter", () => {
  it("fills in defaults from its options schema and rejects unknown options and actions", () => {
    expect(elasticsearchBulkFormatter).toMatchObject({ kind: "formatter", specificationVersion: 1, type: "elasticsearch_bulk" });
    expect(elasticsearchBulkFormatter.optionsSchema).toMatchObject({ type: "object", additionalProperties: false });
    expect(validateOptions(elasticsearchBulkFormatter as never, {})).toEqual({ index: "litellm-logs", action: "create", timestamp_field: "@timestamp" });
    expect(() => validateOptions(elasticsearchBulkFormatter as never, { action: "update" })).toThrow(/action/);
    expect(() => validateOptions(elasticsearchBulkFormatter as never, { pipeline: "p" })).toThrow(/unknown option/);
  });

  it("creates a working formatter from validated options", () => {
    const formatter = elasticsearchBulkFormatter.create(validateOptions(elasticsearchBulkFormatter as never, { index: "llm" }));
    expect(parsed(formatter.encode([event(success)]))[0]).toEqual({ create: { _index: "llm" } });
  });
});
