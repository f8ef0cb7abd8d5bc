import { describe, expect, it } from "vitest";
import { FAILURE_RATE, generateEvent, generateEvents, MAX_EVENT_BYTES, MIN_EVENT_BYTES, mulberry32 } from "./generator.js";

describe("bench event generator", () => {
  const events = generateEvents(5000, 7);
  const sizes = events.map((e) => Buffer.byteLength(JSON.stringify(e)));

  it("makes every event 1.5–3 KB serialized", () => {
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(MIN_EVENT_BYTES);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_EVENT_BYTES);
    // Spread over the range, not one size.
    const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    expect(mean).toBeGreaterThan(2000);
    expect(mean).toBeLessThan(2800);
    expect(new Set(sizes).size).toBeGreaterThan(500);
  });

  it("makes about 10% failures, each with error_information and a traceback", () => {
    const failures = events.filter((e) => e.status === "failure");
    expect(failures.length / events.length).toBeGreaterThan(FAILURE_RATE - 0.02);
    expect(failures.length / events.length).toBeLessThan(FAILURE_RATE + 0.02);
    for (const failure of failures) {
      expect(failure.status_fields?.llm_api_status).toBe("failure");
      expect(failure.error_information?.error_class).toMatch(/Error|Timeout/);
      expect(failure.error_information?.traceback).toMatch(/^Traceback/);
      expect(failure.error_str).toContain(String(failure.error_information?.error_class));
    }
    for (const success of events.filter((e) => e.status === "success")) expect(success.error_information?.error_class).toBe("");
  });

  it("is deterministic per seed and index, with unique ids", () => {
    expect(generateEvents(50, 7)).toEqual(events.slice(0, 50));
    expect(generateEvent(123, 7)).toEqual(events[123]);
    expect(JSON.stringify(generateEvents(20, 8))).not.toEqual(JSON.stringify(events.slice(0, 20)));
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it("has the StandardLoggingPayload fields a LiteLLM logger reads", () => {
    for (const e of events.slice(0, 200)) {
      expect(e).toMatchObject({ call_type: "acompletion", model: expect.any(String), startTime: expect.any(Number), endTime: expect.any(Number) });
      expect(e.total_tokens).toBe((e.prompt_tokens ?? 0) + (e.completion_tokens ?? 0));
      expect(Array.isArray(e.messages)).toBe(true);
    }
  });

  it("uses a seeded PRNG in [0, 1)", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
  });
});
