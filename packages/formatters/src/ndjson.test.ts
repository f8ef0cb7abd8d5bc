import { createLogEvent } from "@hookline/core";
import type { LogEvent, StandardLoggingPayload } from "@hookline/core";
import { describe, expect, it } from "vitest";
import { ndjson, ndjsonFormatter } from "./ndjson.js";

const event = (payload: StandardLoggingPayload, json?: string): LogEvent => createLogEvent(payload, "llm_api_success", json);

describe("ndjson", () => {
  it("writes one payload per line, each line ending with a newline", () => {
    const body = ndjson().encode([event({ id: "a" }), event({ id: "b", stream: true })]);
    expect(body).toBe('{"id":"a"}\n{"id":"b","stream":true}\n');
  });

  it("ends a single-event body with a newline too", () => {
    expect(ndjson().encode([event({ id: "a" })])).toBe('{"id":"a"}\n');
  });

  it("keeps unicode and escapes newlines inside strings so each event stays on one line", () => {
    const body = ndjson().encode([event({ response: "résumé\n— done 🎉" }), event({ error_str: "a\r\nb" })]);
    expect(body).toBe('{"response":"résumé\\n— done 🎉"}\n{"error_str":"a\\r\\nb"}\n');
    expect((body as string).split("\n")).toHaveLength(3);
  });

  it("uses an event's preset json verbatim", () => {
    const original = '{"b":1, "a":"\\u2028"}';
    expect(ndjson().encode([event({ a: "\u2028", b: 1 }, original)])).toBe(`${original}\n`);
  });

  it("drops raw line breaks of pretty-printed preset json, which can only be whitespace", () => {
    const original = '{\r\n  "id": "p",\n  "messages": "x\\ny"\n}';
    const body = ndjson().encode([event({ id: "p", messages: "x\ny" }, original), event({ id: "q" })]);
    expect(body).toBe('{  "id": "p",  "messages": "x\\ny"}\n{"id":"q"}\n');
    expect((body as string).split("\n").slice(0, -1).map((line) => JSON.parse(line))).toEqual([
      { id: "p", messages: "x\ny" },
      { id: "q" },
    ]);
  });

  it("declares application/x-ndjson, no batch limit and the ndjson type", () => {
    const formatter = ndjson();
    expect(formatter.contentType).toBe("application/x-ndjson");
    expect(formatter.maxBatchSize).toBeUndefined();
    expect(formatter.type).toBe("ndjson");
  });
});

describe("ndjsonFormatter", () => {
  it("is an ndjson formatter definition whose create builds the formatter", () => {
    expect(ndjsonFormatter).toMatchObject({ kind: "formatter", specificationVersion: 1, type: "ndjson" });
    expect(ndjsonFormatter.create({}).contentType).toBe("application/x-ndjson");
  });
});
