import { describe, expect, it } from "vitest";
import { createLogEvent, eventJson, eventTypeOf } from "./log-event.js";

describe("LogEvent", () => {
  it("takes its type from the payload's status", () => {
    expect(eventTypeOf({ status: "failure" })).toBe("llm_api_failure");
    expect(eventTypeOf({ status_fields: { llm_api_status: "failure" } })).toBe("llm_api_failure");
    expect(eventTypeOf({})).toBe("llm_api_success");
  });

  it("serializes a payload once and keeps original text, on one line", () => {
    const payload = { id: "a" };
    const event = createLogEvent(payload);
    expect(eventJson(event)).toBe('{"id":"a"}');
    payload.id = "changed";
    expect(eventJson(event)).toBe('{"id":"a"}');
    const original = createLogEvent({ id: "b", note: "x\ny" }, "llm_api_success", '{\r\n  "id": "b",\n  "note": "x\\ny"\n}');
    expect(eventJson(original)).toBe('{  "id": "b",  "note": "x\\ny"}');
    expect(JSON.parse(eventJson(original))).toEqual({ id: "b", note: "x\ny" });
  });

  it("never throws on circular payloads", () => {
    const payload: Record<string, unknown> = { id: "c" };
    payload["self"] = payload;
    expect(eventJson(createLogEvent(payload))).toBe('{"id":"c","self":"CircularReference Detected"}');
  });
});
