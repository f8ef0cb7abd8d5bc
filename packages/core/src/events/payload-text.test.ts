import { describe, expect, it } from "vitest";
import { eventJson, eventTypeOf } from "./log-event.js";
import { payloadProblem } from "./payload-schema.js";
import { ChunkedBytes } from "./byte-ranges.js";
import { readPayloadArray, readPayloadArrayChunks, readPayloadJson, type PayloadRead } from "./payload-text.js";
import type { StandardLoggingPayload } from "./standard-logging-payload.js";

function event(read: PayloadRead | { malformed: string }) {
  if (!("event" in read)) throw new Error(JSON.stringify(read));
  return read.event;
}

/** What the slow path (parse everything, then the schema validator) says of one payload text. */
function slowRead(json: string): { type: string } | { rejected: string } {
  const value: unknown = JSON.parse(json);
  const problem = payloadProblem(value);
  return problem !== undefined ? { rejected: problem } : { type: eventTypeOf(value as StandardLoggingPayload) };
}

function quickRead(json: string): { type: string } | { rejected: string } {
  const read = readPayloadJson(json);
  if ("malformed" in read) throw new Error(read.malformed);
  return "event" in read ? { type: read.event.type } : { rejected: read.rejected };
}

describe("readPayloadJson", () => {
  it("keeps the original text and builds the payload only when it is read, once", () => {
    const json = '{"id":"a", "status":"failure","messages":[{"role":"user","content":"hi \\"there\\""}]}';
    const read = event(readPayloadJson(`  ${json}\n`));
    expect(read.type).toBe("llm_api_failure");
    expect(eventJson(read)).toBe(json);
    const payload = read.payload;
    expect(payload.id).toBe("a");
    expect(read.payload).toBe(payload);
  });

  it("removes raw line breaks, which can only be whitespace between tokens", () => {
    const read = event(readPayloadJson('{\r\n  "id": "a",\n  "status": "success"\n}'));
    expect(read.json).toBe('{  "id": "a",  "status": "success"}');
    expect(read.payload).toEqual({ id: "a", status: "success" });
  });

  it("decides the type and the validity as the schema validator does", () => {
    const cases = [
      "{}",
      '{"status":"success"}',
      '{"status":"failure"}',
      '{"status":"ok"}',
      '{"status":null}',
      '{"status":"\\u0066ailure"}',
      '{"st\\u0061tus":"failure"}',
      '{"status":"success","status":"bogus"}',
      '{"status":"success","status_fields":{"llm_api_status":"failure"}}',
      '{"status_fields":{"guardrail_status":"failure","llm_api_status":"success"}}',
      '{"status_fields":null}',
      '{"status_fields":"failure"}',
      '{"model":42}',
      '{"model":null,"stream":true,"cache_hit":"yes"}',
      '{"response_cost":"0.1"}',
      '{"response_cost":-1.5e-3,"total_tokens":12}',
      '{"metadata":[]}',
      '{"request_tags":{}}',
      '{"request_tags":["a"],"unknown":{"status":"bogus"}}',
      '{"":1,"x":{"model":1}}',
      "[]",
      "42",
      '"text"',
      "null",
    ];
    for (const json of cases) expect(quickRead(json), json).toEqual(slowRead(json));
  });

  it("says what is malformed and where", () => {
    expect(readPayloadJson('{"id":"a"')).toEqual({ malformed: 'expected "," or "}" at offset 9' });
    expect(readPayloadJson('{"id":"a"} {}')).toEqual({ malformed: 'unexpected "{" after the JSON value at offset 11' });
    expect(readPayloadJson('{"id":"\u0001"}')).toEqual({ malformed: "control character in a string at offset 7" });
    expect(readPayloadJson('{"id":"\\q"}')).toEqual({ malformed: "invalid escape at offset 7" });
  });

  it("parses values nested beyond the scanner's depth cap the slow way", () => {
    const deep = `{"id":"d","x":${"[".repeat(600)}${"]".repeat(600)}}`;
    const read = event(readPayloadJson(deep));
    expect(read.payload.id).toBe("d");
  });
});

describe("readPayloadArray", () => {
  it("reads each element, rejecting the ones that are not payloads", () => {
    const reads = readPayloadArray('[ {"id":"a"} , 7, {"status":"ok"},{"id":"b","status":"failure"} ]');
    if ("malformed" in reads) throw new Error(reads.malformed);
    expect(reads.map((r) => ("event" in r ? [r.event.type, r.event.json] : r.rejected))).toEqual([
      ["llm_api_success", '{"id":"a"}'],
      "expected a JSON object (a StandardLoggingPayload), got number",
      "status: must be equal to one of the allowed values (success, failure)",
      ["llm_api_failure", '{"id":"b","status":"failure"}'],
    ]);
  });

  it("reads an empty array, and refuses what is not one", () => {
    expect(readPayloadArray(" [ ] ")).toEqual([]);
    expect(readPayloadArray('{"id":"a"}')).toEqual({ malformed: "expected a JSON array" });
    expect(readPayloadArray("[1,]")).toEqual({ malformed: "element 1: unexpected character \"]\" at offset 3" });
  });

  it("agrees with JSON.parse on large generated bodies, escapes and non-ASCII included", () => {
    const payloads = Array.from({ length: 200 }, (_, i) => ({
      id: `id-${i}`,
      status: i % 10 === 0 ? "failure" : "success",
      messages: [{ role: "user", content: `line one\nline "two" \\ ${"é🙂".repeat(i % 5)} \u2028 end` }],
      response_cost: i / 1000,
      metadata: { tags: ["a", "b"], nested: { deep: [i, null, true] } },
    }));
    const reads = readPayloadArray(JSON.stringify(payloads));
    if ("malformed" in reads) throw new Error(reads.malformed);
    expect(reads.map((r) => event(r).payload)).toEqual(payloads);
    expect(reads.map((r) => event(r).type)).toEqual(payloads.map((p) => (p.status === "failure" ? "llm_api_failure" : "llm_api_success")));
  });
});

describe("readPayloadArrayChunks", () => {
  /** What a read says, in plain values: the event's type, text and bytes, or the rejection. */
  function summary(reads: PayloadRead[] | { malformed: string }): unknown {
    if ("malformed" in reads) return reads;
    return reads.map((read) =>
      "event" in read ? { type: read.event.type, json: eventJson(read.event), bytes: read.event.bytes && Buffer.from(read.event.bytes).toString("latin1") } : read,
    );
  }

  /** The body cut after every `size` bytes. */
  function cut(body: string, size: number): Buffer[] {
    const bytes = Buffer.from(body, "latin1");
    const chunks: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
    return chunks;
  }

  const payload = (id: string, extra = "") => `{"id":"${id}","status":"success","response_cost":12.5,"messages":[{"role":"user","content":"a \\"quoted\\" \\u00e9 word"}]${extra}}`;
  const deep = `${"[".repeat(600)}${"]".repeat(600)}`;
  const bodies: Record<string, string> = {
    "compact array": `[${[1, 2, 3, 4, 5].map((n) => payload(`e${n}`)).join(",")}]`,
    "whitespace and line breaks between tokens": `  [\n ${payload("a")} ,\r\n\t${payload("b", ' ,\n "call_type" : "completion"')}\n ]  \n`,
    "a number as an element (rejected), cut anywhere": `[12345,${payload("a")},-0.5e+10]`,
    "an element that is not a payload": `[${payload("a")},{"id":"b","status":"maybe"},${payload("c")}]`,
    "an element larger than many chunks": `[${payload("big", `,"metadata":{"notes":"${"x".repeat(300)}"}`)},${payload("after")}]`,
    "an empty array": " [ ] ",
    "a malformed element": `[${payload("a")},{"id":"b" "status":"success"},${payload("c")}]`,
    "an unterminated string at the end": `[${payload("a")},{"id":"b`,
    "no comma between elements": `[${payload("a")} ${payload("b")}]`,
    "text after the array": `[${payload("a")}] x`,
    "not an array": `${payload("a")}`,
    "elements nested beyond the depth cap": `[${payload("a")},${deep}]`,
    "a member name with escapes": `[${payload("a")},{"st\\u0061tus":"failure","id":"b"},{"id":"c","\\u0073tatus":"maybe"}]`,
    "a field of the wrong type": `[{"id":"a","response_cost":"free"},${payload("b")}]`,
    "a failure told by status_fields": `[{"id":"a","status_fields":{"llm_api_status":"failure"}},{"id":"b","status_fields":{"note":"no failure"}}]`,
    "a failure told by status": `[{"id":"a","status":"failure"},{"id":"b","status":"success","status_fields":{}}]`,
    "a repeated field, the last one counting": `[{"id":"a","status":"failure","status":"success"},{"id":"b","status":"success","status":7}]`,
  };

  for (const [name, body] of Object.entries(bodies)) {
    it(`reads ${name} as readPayloadArray reads the whole text, however the body is cut`, () => {
      const expected = summary(readPayloadArray(body, Buffer.from(body, "latin1")));
      for (const scanner of ["wasm", "js"] as const) {
        for (const size of [1, 2, 3, 5, 7, 16, 64, 100, body.length]) {
          expect(summary(readPayloadArrayChunks(new ChunkedBytes(cut(body, size)), scanner)), `${scanner}, chunks of ${size}`).toEqual(expected);
        }
      }
    });
  }

  it("reads an array of tiny elements, whose records outgrow the WebAssembly scanner's output area", () => {
    const body = `[${Array.from({ length: 5000 }, () => '{"id":"a"}').join(",")}]`;
    const expected = summary(readPayloadArray(body, Buffer.from(body, "latin1")));
    expect(summary(readPayloadArrayChunks(new ChunkedBytes(cut(body, 65536))))).toEqual(expected);
    expect((expected as unknown[]).length).toBe(5000);
  });

  it("gives events views into the chunks, not copies, when they lie inside one", () => {
    const body = `[${payload("a")},${payload("b")}]`;
    const split = body.indexOf(",{") + 1;
    const chunks = [Buffer.from(body.slice(0, split), "latin1"), Buffer.from(body.slice(split), "latin1")];
    const reads = readPayloadArrayChunks(new ChunkedBytes(chunks));
    if ("malformed" in reads) throw new Error(reads.malformed);
    expect(reads.map((read) => ("event" in read ? read.event.bytes?.buffer : undefined))).toEqual([chunks[0]!.buffer, chunks[1]!.buffer]);
  });
});
