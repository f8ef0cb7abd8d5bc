import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isLegacyV1Payload } from "./legacy-v1-payload.js";
import { payloadProblem } from "./payload-schema.js";
import { readPayloadArray, readPayloadJson } from "./payload-text.js";

const FIXTURE = new URL("../../../../test/fixtures/litellm-1.81.0/litellm-1.81.0-v1-legacy-events.ndjson", import.meta.url);
const lines = readFileSync(FIXTURE, "utf8").split("\n").filter((line) => line !== "");

describe("LiteLLM's legacy v1 payloads (generic_api_use_v1)", () => {
  it("are recognised and valid: every value a string, no status", () => {
    for (const line of lines) {
      const value: unknown = JSON.parse(line);
      expect(isLegacyV1Payload(value)).toBe(true);
      expect(payloadProblem(value)).toBeUndefined();
    }
  });

  it("are read as success events that keep their text", () => {
    const reads = readPayloadArray(`[${lines.join(", ")}]`);
    expect(Array.isArray(reads)).toBe(true);
    const events = (reads as { event?: { type: string; json?: string } }[]).map((r) => r.event);
    expect(events.map((e) => e?.type)).toEqual(["llm_api_success", "llm_api_success"]);
    expect(events.map((e) => e?.json)).toEqual(lines);
  });

  it("are told apart from invalid payloads of the current shape", () => {
    const v1 = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(isLegacyV1Payload({ ...v1, status: "success" })).toBe(false);
    expect(isLegacyV1Payload({ ...v1, cost: 3.5e-5 })).toBe(false);
    const { startTime: _, ...noStart } = v1;
    expect(isLegacyV1Payload(noStart)).toBe(false);
    expect(isLegacyV1Payload([v1])).toBe(false);
    expect(readPayloadJson('{"id":"x","status":"success","startTime":"yesterday"}')).toMatchObject({ rejected: "startTime: must be number,null" });
  });
});
