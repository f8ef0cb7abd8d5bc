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
    // Small Buffers share one pooled ArrayBuffer (on Node 24 a copy may come from the same
    // pool), so "a view" is checked by where the bytes lie, not by which ArrayBuffer holds them.
    const sharesMemory = (a: Uint8Array, b: Uint8Array): boolean =>
      a.buffer === b.buffer && a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
    const bytes = new ChunkedBytes(chunks);
    const inside = bytes.subarray(4, 11);
    expect(inside.buffer).toBe(chunks[2]!.buffer);
    expect(inside.byteOffset).toBe(chunks[2]!.byteOffset);
    const across = bytes.subarray(1, 12);
    expect(sharesMemory(across, whole)).toBe(false);
    expect(Buffer.from(across).toString()).toBe('{"id":"a"},');
  });
});
