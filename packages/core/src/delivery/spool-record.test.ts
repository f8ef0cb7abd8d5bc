import { describe, expect, it } from "vitest";
import { createLogEvent, eventJson } from "../events/log-event.js";
import { readPayloadArray } from "../events/payload-text.js";
import { decodeCheckpoint, decodeRecord, encodeCheckpoint, encodeEventRecord, encodeSkipRecord } from "./spool-record.js";

const line = (text: string): Buffer => Buffer.from(text.endsWith("\n") ? text.slice(0, -1) : text);

describe("spool records", () => {
  it("round-trips an event: sequence, type and the payload's text byte for byte", () => {
    const json = '{"id":"a-ü","status":"success","nested":{"x":[1,2.50,"\\u00e9"]}}';
    const event = createLogEvent(JSON.parse(json) as { id: string }, "llm_api_failure", json);
    const text = encodeEventRecord(41, event);
    expect(text.endsWith("\n")).toBe(true);
    expect(text.slice(0, -1)).not.toContain("\n");
    expect(JSON.parse(text)).toMatchObject({ s: 41, t: "llm_api_failure", c: expect.stringMatching(/^[0-9a-f]{8}$/) });
    const record = decodeRecord(line(text), false);
    expect(record.kind).toBe("event");
    if (record.kind !== "event") return;
    expect(record).toMatchObject({ seq: 41, checked: true });
    expect(record.event.type).toBe("llm_api_failure");
    expect(eventJson(record.event)).toBe(json);
    expect(record.event.payload).toEqual(JSON.parse(json));
  });

  it("an event that carries its received bytes gets the same checksum as its text", () => {
    const text = '[{"id":"from-bytes","status":"failure","x":[1,2]}]';
    const reads = readPayloadArray(text, Buffer.from(text));
    const read = Array.isArray(reads) ? reads[0] : undefined;
    const event = read && "event" in read ? read.event : undefined;
    expect(event?.bytes).toBeDefined();
    const record = decodeRecord(line(encodeEventRecord(3, event!)), false);
    expect(record).toMatchObject({ kind: "event", seq: 3, checked: true });
    expect(record.kind === "event" && eventJson(record.event)).toBe('{"id":"from-bytes","status":"failure","x":[1,2]}');
  });

  it("refuses a record with any single bit flipped, and one cut short anywhere", () => {
    const good = line(encodeEventRecord(7, createLogEvent({ id: "flip", status: "success", model: "gpt-4o" })));
    for (let at = 0; at < good.length; at++) {
      for (const bit of [0x01, 0x20, 0x80]) {
        const bad = Buffer.from(good);
        bad[at]! ^= bit;
        expect(decodeRecord(bad, false).kind, `byte ${at} ^ ${bit}`).toBe("damaged");
      }
    }
    for (let length = 0; length < good.length; length++) expect(decodeRecord(good.subarray(0, length), false).kind, `cut at ${length}`).toBe("damaged");
  });

  it("round-trips a skip record (sequences settled before they were written)", () => {
    expect(decodeRecord(line(encodeSkipRecord(100, 25)), false)).toEqual({ kind: "skip", seq: 100, count: 25 });
  });

  it("reads the checksum-less lines of earlier versions only in a segment without checksums", () => {
    const old = line('{"s":3,"t":"llm_api_success","p":{"id":"old"}}');
    const read = decodeRecord(old, true);
    expect(read).toMatchObject({ kind: "event", seq: 3, checked: false });
    expect(decodeRecord(old, false).kind).toBe("damaged");
    expect(decodeRecord(line('{"s":3,"t":"llm_api_success","p":{"id":"to'), true).kind).toBe("damaged");
    expect(decodeRecord(line('{"s":"3","p":{"id":"x"}}'), true).kind).toBe("damaged");
  });

  it("verifies the checkpoint, and reads the bare number earlier versions wrote", () => {
    const text = encodeCheckpoint({ low: 1234, written: 1300 });
    expect(decodeCheckpoint(text)).toEqual({ low: 1234, written: 1300 });
    expect(decodeCheckpoint(text.replace("1234", "9234"))).toBeUndefined();
    expect(decodeCheckpoint("57\n")).toEqual({ low: 57, written: 0 });
    expect(decodeCheckpoint("")).toBeUndefined();
    expect(decodeCheckpoint("garbage")).toBeUndefined();
  });
});
