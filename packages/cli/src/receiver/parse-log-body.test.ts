import { describe, expect, it } from "vitest";
import { ChunkedBytes } from "@hookline/core";
import { parseLogBody, type ParsedLogBody } from "./parse-log-body.js";

function ok(result: ParsedLogBody | { error: string }): ParsedLogBody {
  if ("error" in result) throw new Error(result.error);
  return result;
}

describe("parseLogBody", () => {
  it("reads a JSON array and keeps each element's original text", () => {
    const body = '[ {"id":"a","status":"success"} , {"id":"b","status":"failure","x":"],[{"} ]';
    const parsed = ok(parseLogBody(body));
    expect(parsed.format).toBe("json_array");
    expect(parsed.events.map((e) => [e.payload.id, e.type, e.json])).toEqual([
      ["a", "llm_api_success", '{"id":"a","status":"success"}'],
      ["b", "llm_api_failure", '{"id":"b","status":"failure","x":"],[{"}'],
    ]);
  });

  it("reads NDJSON with or without a trailing newline, and CRLF line ends", () => {
    for (const body of ['{"id":"a"}\n{"id":"b"}', '{"id":"a"}\r\n{"id":"b"}\r\n']) {
      const parsed = ok(parseLogBody(body));
      expect(parsed.format).toBe("ndjson");
      expect(parsed.events.map((e) => e.json)).toEqual(['{"id":"a"}', '{"id":"b"}']);
    }
  });

  it("reads one object, compact or pretty-printed", () => {
    expect(ok(parseLogBody('{"id":"a"}')).events.map((e) => e.payload.id)).toEqual(["a"]);
    const pretty = ok(parseLogBody('{\n  "id": "a",\n  "status": "failure"\n}\n'));
    expect(pretty.format).toBe("single");
    expect(pretty.events[0]!.type).toBe("llm_api_failure");
  });

  it("rejects elements that are not payloads, keeping the others", () => {
    const parsed = ok(parseLogBody('[{"id":"a"}, 42, {"status":"ok"}]'));
    expect(parsed.events.map((e) => e.payload.id)).toEqual(["a"]);
    expect(parsed.rejected).toEqual([
      { index: 1, reason: "expected a JSON object (a StandardLoggingPayload), got number" },
      { index: 2, reason: "status: must be equal to one of the allowed values (success, failure)" },
    ]);
  });

  it("keeps nested brackets and escaped quotes inside an element's text", () => {
    const body = '[{"id":"a","x":["],[{",{"y":"q\\"uote,"}]}, {"id":"b"}]';
    expect(ok(parseLogBody(body)).events.map((e) => e.json)).toEqual(['{"id":"a","x":["],[{",{"y":"q\\"uote,"}]}', '{"id":"b"}']);
  });

  it("drops a leading byte-order mark, and with it the bytes, whose offsets no longer match", () => {
    const body = '\ufeff[{"id":"a"}]';
    const parsed = ok(parseLogBody(body, Buffer.from(body)));
    expect(parsed.events.map((e) => [e.json, e.bytes])).toEqual([['{"id":"a"}', undefined]]);
  });

  it("says where a malformed body breaks", () => {
    expect(parseLogBody("")).toEqual({ error: expect.stringContaining("empty body") });
    expect(parseLogBody('{"id":"a"}\n{"id": nope}')).toEqual({ error: expect.stringMatching(/^malformed NDJSON at line 2: /) });
    expect(parseLogBody('[{"id":"a"}, {"id":}]')).toEqual({ error: expect.stringMatching(/^malformed JSON array: element 1: /) });
    expect(parseLogBody('[{"id":"a"')).toEqual({ error: expect.stringMatching(/^malformed JSON array: element 0: expected "," or "}" at offset 10$/) });
    expect(parseLogBody('[{"id":"a"} {"id":"b"}]')).toEqual({ error: 'malformed JSON array: element 0: expected "," or "]" at offset 12' });
    expect(parseLogBody('[{"id":"a"}] x')).toEqual({ error: "malformed JSON array: unexpected text after the array at offset 13" });
    expect(parseLogBody("{nope")).toEqual({ error: expect.stringMatching(/^malformed JSON: /) });
  });
  it("reads a body given as ASCII chunks as it reads the same text, in every format", () => {
    const bodies = [
      ' \n [ {"id":"a","status":"success"} , {"id":"b","status":"failure"}, 42 ]',
      '[{"id":"a"},{"id":"b" "x":1}]',
      '{"id":"a"}\n{"id":"b","status":"failure"}\n',
      '{\n  "id": "a"\n}',
      "  ",
      "[1,",
    ];
    const plain = (parsed: ParsedLogBody | { error: string }) =>
      "error" in parsed ? parsed : { ...parsed, events: parsed.events.map((e) => [e.type, e.json, e.bytes && Buffer.from(e.bytes).toString()]) };
    for (const body of bodies) {
      const bytes = Buffer.from(body, "latin1");
      const expected = plain(parseLogBody(body, bytes));
      for (const size of [1, 4, 9]) {
        const chunks: Buffer[] = [];
        for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
        expect(plain(parseLogBody(new ChunkedBytes(chunks))), `${JSON.stringify(body)} in chunks of ${size}`).toEqual(expected);
      }
    }
  });
});
