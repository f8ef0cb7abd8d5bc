import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
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

describe("Batcher on real timers (one re-armed timer)", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("times each batch from its own first item, even when the batch before was cut early", () => {
    const emitted: number[][] = [];
    const batcher = new Batcher<number>({ maxSize: 2, maxWaitMs: 1000 }, (batch) => emitted.push(batch));
    batcher.push(1); // t=0: the first batch starts
    vi.advanceTimersByTime(100);
    batcher.push(2); // t=100: full, cut
    expect(emitted).toEqual([[1, 2]]);
    vi.advanceTimersByTime(800);
    batcher.push(3); // t=900: the next batch starts
    vi.advanceTimersByTime(100); // t=1000: the first batch's deadline, which no longer applies
    expect(emitted).toEqual([[1, 2]]);
    vi.advanceTimersByTime(899); // t=1899
    expect(emitted).toEqual([[1, 2]]);
    vi.advanceTimersByTime(1); // t=1900: a second after its first item
    expect(emitted).toEqual([[1, 2], [3]]);
    batcher.push(4);
    vi.advanceTimersByTime(1000);
    expect(emitted).toEqual([[1, 2], [3], [4]]);
    batcher.dispose();
  });

  it("leaves no timer behind once disposed", () => {
    const emitted: number[][] = [];
    const batcher = new Batcher<number>({ maxSize: 10, maxWaitMs: 1000 }, (batch) => emitted.push(batch));
    batcher.push(1);
    batcher.dispose();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(5000);
    expect(emitted).toEqual([]);
  });
});
