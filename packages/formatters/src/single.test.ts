import { createLogEvent } from "@hookline/core";
import type { LogEvent, StandardLoggingPayload } from "@hookline/core";
import { describe, expect, it } from "vitest";
import { single, singleFormatter } from "./single.js";

const event = (payload: StandardLoggingPayload, json?: string): LogEvent => createLogEvent(payload, "llm_api_success", json);

describe("single", () => {
  it("encodes one event as a bare JSON object", () => {
    expect(single().encode([event({ id: "a", response_cost: 1.25 })])).toBe('{"id":"a","response_cost":1.25}');
  });

  it("keeps unicode and escapes newlines inside strings", () => {
    expect(single().encode([event({ messages: "ça\nva ✓" })])).toBe('{"messages":"ça\\nva ✓"}');
  });

  it("uses an event's preset json as it is (on one line)", () => {
    const original = '{"id" :"z", "model":"m"}';
    expect(single().encode([event({ id: "z", model: "m" }, original)])).toBe(original);
  });

  it("declares maxBatchSize 1 and application/json", () => {
    const formatter = single();
    expect(formatter.maxBatchSize).toBe(1);
    expect(formatter.contentType).toBe("application/json");
    expect(formatter.type).toBe("single");
  });

  it("throws a programming error for more than one event instead of dropping some", () => {
    expect(() => single().encode([event({ id: "a" }), event({ id: "b" })])).toThrow(
      /exactly 1 event .*maxBatchSize: 1.*got 2/,
    );
  });

  it("throws for an empty batch", () => {
    expect(() => single().encode([])).toThrow(RangeError);
  });
});

describe("singleFormatter", () => {
  it("is a single formatter definition whose create builds the formatter", () => {
    expect(singleFormatter).toMatchObject({ kind: "formatter", specificationVersion: 1, type: "single" });
    expect(singleFormatter.create({}).maxBatchSize).toBe(1);
  });
});
