import { describe, expect, it } from "vitest";
import { Batcher } from "./batcher.js";

describe("Batcher with emitFullLater", () => {
  it("hands a batch that fills up over in a microtask, not inside push", async () => {
    const emitted: number[][] = [];
    const batcher = new Batcher<number>({ maxSize: 2, emitFullLater: true }, (batch) => emitted.push(batch));
    batcher.push(1);
    batcher.push(2);
    batcher.push(3);
    expect(emitted).toEqual([]);
    expect(batcher.size).toBe(3);
    await Promise.resolve();
    expect(emitted).toEqual([[1, 2]]);
    expect(batcher.size).toBe(1);
    batcher.dispose();
  });

  it("flush emits the batches set aside first, then the partial one, in order, once", async () => {
    const emitted: number[][] = [];
    const batcher = new Batcher<number>({ maxSize: 2, emitFullLater: true }, (batch) => emitted.push(batch));
    for (const item of [1, 2, 3, 4, 5]) batcher.push(item);
    batcher.flush();
    expect(emitted).toEqual([[1, 2], [3, 4], [5]]);
    await Promise.resolve();
    expect(emitted).toEqual([[1, 2], [3, 4], [5]]);
    expect(batcher.size).toBe(0);
  });
});
