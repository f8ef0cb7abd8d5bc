import { describe, expect, it } from "vitest";
import { splitEvents } from "./split-events.js";

const text = (parts: Uint8Array[] | undefined) => parts?.map((part) => Buffer.from(part).toString());

describe("splitEvents", () => {
  it("splits an ndjson body at each line break, with or without a last one", () => {
    expect(text(splitEvents('{"a":"x\\ny"}\n{"b":2}\n', "application/x-ndjson", 2))).toEqual(['{"a":"x\\ny"}', '{"b":2}']);
    expect(text(splitEvents(Buffer.from('{"a":1}\n{"b":2}'), "application/x-ndjson; charset=utf-8", 2))).toEqual(['{"a":1}', '{"b":2}']);
  });

  it("takes a single event's body whole, and refuses anything else", () => {
    expect(text(splitEvents('{"a":1}', "application/json", 1))).toEqual(['{"a":1}']);
    expect(splitEvents('[{"a":1},{"b":2}]', "application/json", 2)).toBeUndefined();
    expect(splitEvents("x", "text/plain", 1)).toBeUndefined();
  });
});
