import { describe, expect, it } from "vitest";
import { createLogEvent, EventBodyWriter, eventByteLength, eventJson, eventTypeOf, joinEventJson, type LogEvent } from "./log-event.js";
import { bodyPool } from "./body-pool.js";
import { readPayloadArray } from "./payload-text.js";

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

  it("joins events into one body: a copy of each one's bytes when all have them, else text", () => {
    const text = '[{"id":"a"},{"id":"b","note":"caf\\u00e9"}]';
    const reads = readPayloadArray(text, Buffer.from(text));
    if ("malformed" in reads) throw new Error(reads.malformed);
    const fromBytes = reads.map((r) => ("event" in r ? r.event : undefined)!) as LogEvent[];
    expect(fromBytes.every((e) => e.bytes !== undefined)).toBe(true);
    expect(eventByteLength(fromBytes[1]!)).toBe(Buffer.byteLength('{"id":"b","note":"caf\\u00e9"}'));
    const ndjson = joinEventJson(fromBytes, "", "\n", "\n");
    expect(Buffer.isBuffer(ndjson)).toBe(true);
    expect(ndjson.toString()).toBe('{"id":"a"}\n{"id":"b","note":"caf\\u00e9"}\n');
    expect(joinEventJson(fromBytes, "[", ",", "]").toString()).toBe(text);
    const mixed = [...fromBytes, createLogEvent({ id: "c", note: "café" })];
    expect(joinEventJson(mixed, "[", ",", "]")).toBe('[{"id":"a"},{"id":"b","note":"caf\\u00e9"},{"id":"c","note":"café"}]');
    expect(joinEventJson([], "[", ",", "]").toString()).toBe("[]");
  });

  it("encodes a large text body as UTF-8 into pooled memory, byte for byte the joined text", () => {
    // 40 events of about 1 KB with non-ASCII text: well over the 16 KB below which a body stays a string.
    const events = Array.from({ length: 40 }, (_, i) => createLogEvent({ id: `e${i}`, messages: [{ role: "user", content: `caf\u00e9 \u{1f600} ${"x".repeat(1000)}` }] }));
    const expected = events.map((event) => eventJson(event)).join("\n") + "\n";
    const body = joinEventJson(events, "", "\n", "\n");
    expect(typeof body).not.toBe("string");
    expect(Buffer.from(body as Uint8Array).toString("utf8")).toBe(expected);
    expect((body as Uint8Array).byteLength).toBe(Buffer.byteLength(expected));
    const pooled = bodyPool.freeBytes;
    bodyPool.release(body);
    expect(bodyPool.freeBytes).toBeGreaterThan(pooled);
    // Three bytes per character: the body outgrows the buffer sized from the texts' lengths.
    const wide = Array.from({ length: 20 }, (_, i) => createLogEvent({ id: `w${i}`, response: "\u65e5\u672c\u8a9e".repeat(400) }));
    const wideBody = joinEventJson(wide, "[", ",", "]");
    expect(Buffer.from(wideBody as Uint8Array).toString("utf8")).toBe(`[${wide.map((event) => eventJson(event)).join(",")}]`);
    // A small body stays a string.
    expect(joinEventJson(events.slice(0, 2), "[", ",", "]")).toBe(`[${eventJson(events[0]!)},${eventJson(events[1]!)}]`);
  });

  it("keeps bytes only where offsets in text and bytes agree and the text is already one line", () => {
    const nonAscii = '[{"id":"é"}]';
    const reads = readPayloadArray(nonAscii, Buffer.from(nonAscii));
    if ("malformed" in reads || !("event" in reads[0]!)) throw new Error("unexpected");
    expect(reads[0].event.bytes).toBeUndefined();
    expect(reads[0].event.json).toBe('{"id":"é"}');
    const pretty = '[{\n "id": "a"\n}, {"id":"b"}]';
    const prettyReads = readPayloadArray(pretty, Buffer.from(pretty));
    if ("malformed" in prettyReads) throw new Error(prettyReads.malformed);
    expect(prettyReads.map((r) => ("event" in r ? [r.event.json, r.event.bytes?.length] : r))).toEqual([
      ['{ "id": "a"}', undefined],
      ['{"id":"b"}', 10],
    ]);
  });
});

describe("EventBodyWriter", () => {
  const frame = { prefix: "[", separator: ",", suffix: "]" };

  it("writes the bytes joinEventJson makes, growing past a size hint that was far too small", () => {
    // Multi-byte text (3 bytes per character in UTF-8), ASCII text and forwarded bytes, mixed.
    const events = [
      createLogEvent({ id: "a", text: "€".repeat(20_000) }),
      createLogEvent({ id: "b", text: "x".repeat(30_000) }),
      { ...createLogEvent({ id: "c" }, "llm_api_success", '{"id":"c"}'), bytes: Buffer.from('{"id":"c"}') },
      createLogEvent({ id: "d", emoji: "🙂".repeat(5_000) }),
    ];
    const writer = new EventBodyWriter(frame, 100);
    for (const event of events) writer.append(event);
    const written = Buffer.from(writer.finish());
    const joined = joinEventJson(events, frame.prefix, frame.separator, frame.suffix);
    expect(written.equals(Buffer.from(joined))).toBe(true);
    expect((JSON.parse(written.toString("utf8")) as { id: string }[]).map((p) => p.id)).toEqual(["a", "b", "c", "d"]);
  });

  it("frames a single event and an empty body", () => {
    const one = new EventBodyWriter({ prefix: "", separator: "\n", suffix: "\n" }, 16);
    one.append(createLogEvent({ id: "only" }));
    expect(Buffer.from(one.finish()).toString("utf8")).toBe('{"id":"only"}\n');
    expect(Buffer.from(new EventBodyWriter(frame, 16).finish()).toString("utf8")).toBe("[]");
  });
});
