// readPayloadArrayChunks with HOOKLINE_SCANNER=parse (the path bench/ compares the scanners
// with): `JSON.parse` and the schema validator, each event re-serialized when it is sent.
import { afterAll, describe, expect, it, vi } from "vitest";
import { ChunkedBytes } from "./byte-ranges.js";

vi.hoisted(() => {
  process.env["HOOKLINE_SCANNER"] = "parse";
});
afterAll(() => {
  delete process.env["HOOKLINE_SCANNER"];
});

const { readPayloadArrayChunks } = await import("./payload-text.js");
const { eventJson } = await import("./log-event.js");

describe("readPayloadArrayChunks with HOOKLINE_SCANNER=parse", () => {
  it("reads payloads and rejections as the scanners do, without the original bytes", () => {
    const body = '[{"id":"a", "status":"failure"},\n{"id":"b","status":"ok"}, {"id":"c","response_cost":1.50}]';
    const reads = readPayloadArrayChunks(new ChunkedBytes([Buffer.from(body.slice(0, 20)), Buffer.from(body.slice(20))]));
    if ("malformed" in reads) throw new Error(reads.malformed);
    expect(reads).toHaveLength(3);
    const [a, b, c] = reads;
    expect(a && "event" in a && a.event.type).toBe("llm_api_failure");
    expect(a && "event" in a && a.event.bytes).toBeUndefined();
    expect(b && "rejected" in b && b.rejected).toMatch(/^status: /);
    // Re-serialized: the number's text is JSON.stringify's, not the sender's.
    expect(c && "event" in c && eventJson(c.event)).toBe('{"id":"c","response_cost":1.5}');
  });

  it("says why a body is not a JSON array", () => {
    expect(readPayloadArrayChunks(new ChunkedBytes([Buffer.from('[{"id":"a"')]))).toEqual({ malformed: expect.stringMatching(/JSON/) });
  });
});
