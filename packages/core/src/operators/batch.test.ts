import { Subject } from "rxjs";
import { TestScheduler } from "rxjs/testing";
import { describe, expect, it } from "vitest";
import { batch } from "./batch.js";

function scheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

describe("batch", () => {
  it("emits when the count is reached", () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold("abcde|");
      expectObservable(source.pipe(batch({ maxSize: 2, maxWaitMs: 1000 }))).toBe("-x-y-(z|)", {
        x: ["a", "b"],
        y: ["c", "d"],
        z: ["e"],
      });
    });
  });

  it("emits after maxWaitMs counted from the first buffered item, and never an empty batch", () => {
    const s = scheduler();
    s.run(({ cold, expectObservable }) => {
      const source = cold("a 5ms b 200ms c 2000ms |");
      expectObservable(source.pipe(batch({ maxSize: 10, maxWaitMs: 100, scheduler: s }))).toBe(
        "100ms x 206ms y 1900ms |",
        { x: ["a", "b"], y: ["c"] },
      );
    });
  });

  it("cuts batches by size in bytes, and sends an oversized item alone", () => {
    const out: string[][] = [];
    const source = new Subject<string>();
    source.pipe(batch({ maxSize: 10, maxWaitMs: 1000, maxBytes: 5, sizeOf: (s: string) => s.length })).subscribe((b) => out.push(b));
    for (const item of ["xx", "xx", "xxxxxxxx", "x"]) source.next(item);
    expect(out).toEqual([["xx", "xx"], ["xxxxxxxx"]]);
    source.complete();
    expect(out).toEqual([["xx", "xx"], ["xxxxxxxx"], ["x"]]);
  });

  it("emits what is buffered when the flush notifier fires, and nothing when the buffer is empty", () => {
    const flush = new Subject<void>();
    const source = new Subject<number>();
    const out: number[][] = [];
    source.pipe(batch({ maxSize: 10, maxWaitMs: 60_000, flush })).subscribe((b) => out.push(b));
    flush.next();
    source.next(1);
    source.next(2);
    flush.next();
    flush.next();
    source.next(3);
    source.complete();
    expect(out).toEqual([[1, 2], [3]]);
  });

  it("does not keep a timer when idle, so the process can exit", () => {
    const source = new Subject<number>();
    const subscription = source.pipe(batch({ maxSize: 10, maxWaitMs: 60_000 })).subscribe();
    source.next(1);
    subscription.unsubscribe();
    // nothing to assert beyond not hanging: the unref'd timer was cleared by unsubscribe
    expect(subscription.closed).toBe(true);
  });
});
