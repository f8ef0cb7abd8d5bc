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
      { index: 1, reason: "expected a JSON object (a StandardLoggingPayload), got number", json: "42" },
      { index: 2, reason: "status: must be equal to one of the allowed values (success, failure)", json: '{"status":"ok"}' },
    ]);
  });

  it("reads Python's NaN / Infinity / -Infinity as null on the slow path, and lists the repaired elements", () => {
    const body = '[{"id":"a","response_cost": NaN}, {"id":"b","note":"NaN Infinity"}, {"id":"c","t":[Infinity,-Infinity]}]';
    const parsed = ok(parseLogBody(body));
    expect(parsed.events.map((e) => e.payload)).toEqual([
      { id: "a", response_cost: null },
      { id: "b", note: "NaN Infinity" },
      { id: "c", t: [null, null] },
    ]);
    expect(parsed.events.map((e) => JSON.parse(e.json!))).toEqual(parsed.events.map((e) => e.payload));
    expect(parsed.repaired).toEqual([
      { index: 0, reason: "NaN (not JSON) written as null" },
      { index: 2, reason: "Infinity, -Infinity (not JSON) written as null (2 values)" },
    ]);
    const lines = ok(parseLogBody('{"id":"a"}\n{"id":"b","x":NaN}\n'));
    expect(lines.format).toBe("ndjson");
    expect(lines.repaired).toEqual([{ index: 2, reason: "NaN (not JSON) written as null" }]);
    expect(ok(parseLogBody(new ChunkedBytes([Buffer.from('[{"id":"a","x":'), Buffer.from("NaN}]")]))).repaired).toEqual([{ index: 0, reason: "NaN (not JSON) written as null" }]);
  });

  it("a body malformed for another reason keeps its own error, NaN or not", () => {
    expect(parseLogBody('[{"id":"a","x":NaN}, {"id":}]')).toEqual({ error: expect.stringMatching(/^malformed JSON array: element 0/) });
    expect(parseLogBody('[{"id":"a","x":nan}]')).toEqual({ error: expect.stringMatching(/^malformed/) });
  });

  it("a body that is not valid UTF-8: valid elements are read, each invalid one rejected with its bytes", () => {
    const bad = Buffer.from([0x7b, 0x22, 0x78, 0x22, 0x3a, 0x22, 0xe2, 0x82, 0x22, 0x7d]); // {"x":"<e2 82>"}
    const body = Buffer.concat([Buffer.from('[{"id":"é"}, '), bad, Buffer.from(', {"id":"z","v":NaN}]')]);
    const parsed = ok(parseLogBody(body));
    expect(parsed.format).toBe("json_array");
    expect(parsed.events.map((e) => e.payload.id)).toEqual(["é", "z"]);
    expect(parsed.rejected).toEqual([{ index: 1, reason: "not valid UTF-8 (byte 6 of the element, 0xe2)", bytes: bad }]);
    expect(parsed.repaired).toEqual([{ index: 2, reason: "NaN (not JSON) written as null" }]);
    const lines = ok(parseLogBody(Buffer.concat([Buffer.from('{"id":"a"}\n'), bad, Buffer.from("\n")])));
    expect(lines.format).toBe("ndjson");
    expect(lines.rejected.map((r) => r.index)).toEqual([2]);
    expect(ok(parseLogBody(bad)).format).toBe("single");
    expect(parseLogBody(Buffer.concat([Buffer.from('[{"id":'), Buffer.from([0xff]), Buffer.from("]")]))).toEqual({ error: expect.stringMatching(/^malformed JSON/) });
  });

  it("a valid UTF-8 body given as bytes is read as its text", () => {
    expect(ok(parseLogBody(Buffer.from('[{"id":"café"}]'))).events.map((e) => e.payload.id)).toEqual(["café"]);
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
