import { describe, expect, it } from "vitest";
import { observeAsyncIterator } from "./observe-async-iterator.js";

async function* numbers(failAt?: number) {
  for (let i = 0; i < 3; i++) {
    if (i === failAt) throw new Error(`broke at ${i}`);
    yield i;
  }
}

function recorder() {
  const seen: string[] = [];
  return { seen, observer: { chunk: (v: number) => seen.push(`chunk ${v}`), end: (early: boolean) => seen.push(early ? "early end" : "end"), error: (e: unknown) => seen.push(`error ${String(e)}`) } };
}

const iterable = (it: AsyncIterableIterator<number>) => ({ [Symbol.asyncIterator]: () => it });

describe("observeAsyncIterator", () => {
  it("yields the same values in order and reports each, then the end", async () => {
    const { seen, observer } = recorder();
    const out: number[] = [];
    for await (const v of iterable(observeAsyncIterator(numbers(), observer, () => {}))) out.push(v);
    expect(out).toEqual([0, 1, 2]);
    expect(seen).toEqual(["chunk 0", "chunk 1", "chunk 2", "end"]);
  });

  it("rethrows the same error after reporting it", async () => {
    const { seen, observer } = recorder();
    const out: number[] = [];
    const run = async () => {
      for await (const v of iterable(observeAsyncIterator(numbers(1), observer, () => {}))) out.push(v);
    };
    await expect(run()).rejects.toThrow("broke at 1");
    expect(out).toEqual([0]);
    expect(seen).toEqual(["chunk 0", "error Error: broke at 1"]);
  });

  it("reports an early end when the consumer breaks", async () => {
    const { seen, observer } = recorder();
    for await (const v of iterable(observeAsyncIterator(numbers(), observer, () => {}))) if (v === 0) break;
    expect(seen).toEqual(["chunk 0", "early end"]);
  });

  it("drops a throwing observer without the consumer feeling it", async () => {
    const errors: unknown[] = [];
    const out: number[] = [];
    const observer = { chunk: () => { throw new Error("observer bug"); }, end: () => {}, error: () => {} };
    for await (const v of iterable(observeAsyncIterator(numbers(), observer, (e) => errors.push(e)))) out.push(v);
    expect(out).toEqual([0, 1, 2]);
    expect(errors).toHaveLength(1);
  });
});
