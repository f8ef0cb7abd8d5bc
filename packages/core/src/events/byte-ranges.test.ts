import { describe, expect, it } from "vitest";
import { ChunkedBytes } from "./byte-ranges.js";

describe("ChunkedBytes", () => {
  const whole = Buffer.from("[{\"id\":\"a\"},{\"id\":\"bb\"},{\"id\":\"ccc\"}]");
  const cuts = [0, 3, 4, 11, 12, 20, whole.length];
  const chunks = cuts.slice(1).map((end, i) => whole.subarray(cuts[i], end));

  it("reads every range as the whole buffer would, in order and out of order", () => {
    const bytes = new ChunkedBytes([...chunks, Buffer.alloc(0)]);
    expect(bytes.byteLength).toBe(whole.length);
    const ranges: [number, number][] = [];
    for (let start = 0; start < whole.length; start++) for (let end = start + 1; end <= whole.length; end++) ranges.push([start, end]);
    for (const [start, end] of [...ranges, ...ranges.reverse()]) {
      expect(Buffer.from(bytes.subarray(start, end)).toString(), `${start}..${end}`).toBe(whole.subarray(start, end).toString());
    }
  });

  it("gives a view into the chunk for a range inside one chunk, and a copy across chunks", () => {
    const bytes = new ChunkedBytes(chunks);
    expect(bytes.subarray(4, 11).buffer).toBe(chunks[2]!.buffer);
    const across = bytes.subarray(1, 12);
    expect(across.buffer).not.toBe(chunks[1]!.buffer);
    expect(Buffer.from(across).toString()).toBe('{"id":"a"},');
  });
});
