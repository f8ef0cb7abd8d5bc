import { createLogEvent } from "@hookline/core";
import type { LogEvent, StandardLoggingPayload } from "@hookline/core";
import { describe, expect, it } from "vitest";
import { jsonArray, jsonArrayFormatter } from "./json-array.js";

const event = (payload: StandardLoggingPayload, json?: string): LogEvent => createLogEvent(payload, "llm_api_success", json);

describe("jsonArray", () => {
  it("encodes a batch as a compact JSON array of the payloads", () => {
    const body = jsonArray().encode([event({ id: "a", response_cost: 0.5 }), event({ id: "b", total_tokens: 3 })]);
    expect(body).toBe('[{"id":"a","response_cost":0.5},{"id":"b","total_tokens":3}]');
  });

  it("encodes one event as a one-element array", () => {
    expect(jsonArray().encode([event({ id: "only" })])).toBe('[{"id":"only"}]');
  });

  it("keeps unicode as is and escapes newlines inside strings", () => {
    const body = jsonArray().encode([event({ messages: "héllo 👋\nline2\t\"q\"", model: "模型" })]);
    expect(body).toBe('[{"messages":"héllo 👋\\nline2\\t\\"q\\"","model":"模型"}]');
    expect(JSON.parse(body as string)).toEqual([{ messages: "héllo 👋\nline2\t\"q\"", model: "模型" }]);
  });

  it("uses an event's preset json verbatim instead of re-serializing the payload", () => {
    // Spacing, key order and the \u escape differ from what JSON.stringify would produce.
    const original = '{ "model" : "gpt-4o",\t"id":"x\\u00e9" }';
    const body = jsonArray().encode([event({ id: "xé", model: "gpt-4o" }, original), event({ id: "y" })]);
    expect(body).toBe(`[${original},{"id":"y"}]`);
  });

  it("memoizes each event's JSON on the event", () => {
    const e = event({ id: "m" });
    jsonArray().encode([e]);
    expect(e.json).toBe('{"id":"m"}');
  });

  it("declares application/json, no batch limit and the json_array type", () => {
    const formatter = jsonArray();
    expect(formatter.contentType).toBe("application/json");
    expect(formatter.maxBatchSize).toBeUndefined();
    expect(formatter.type).toBe("json_array");
    expect(formatter.specificationVersion).toBe(1);
  });
});

describe("jsonArrayFormatter", () => {
  it("is a json_array formatter definition whose create builds the formatter", () => {
    expect(jsonArrayFormatter).toMatchObject({ kind: "formatter", specificationVersion: 1, type: "json_array" });
    expect(jsonArrayFormatter.optionsSchema).toMatchObject({ type: "object", additionalProperties: false });
    expect(jsonArrayFormatter.create({}).encode([event({ id: "d" })])).toBe('[{"id":"d"}]');
  });
});
