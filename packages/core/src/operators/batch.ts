import { Observable, type OperatorFunction, type SchedulerLike } from "rxjs";
import { Batcher } from "./batcher.js";

/** Options of {@link batch}. */
export interface BatchOptions<T> {
  /**
   * Most items per batch.
   * @default 100
   */
  readonly maxSize?: number;
  /**
   * Longest time, in ms, the first item of a batch waits before the batch is emitted.
   * @default 60000
   */
  readonly maxWaitMs?: number;
  /** Largest batch by `sizeOf`; an item that alone exceeds it is emitted alone. */
  readonly maxBytes?: number;
  /** Size of one item, for `maxBytes`. */
  readonly sizeOf?: (item: T) => number;
  /** Every emission of this observable emits the buffered items at once. */
  readonly flush?: Observable<unknown>;
  /** Scheduler for the wait timer (tests pass a TestScheduler); by default an unref'd setTimeout. */
  readonly scheduler?: SchedulerLike;
  /**
   * Emit a batch that fills up in a microtask rather than inside the `next` call whose item
   * completed it, so that caller does not pay for what follows (formatting, queueing). Flushes
   * and completion still emit at once, in order.
   * @default false
   */
  readonly emitFullLater?: boolean;
}

/**
 * Groups items into arrays by count, age and byte size, whichever limit comes first. Unlike
 * `bufferTime(t, null, n)` it never emits an empty array; it emits what is buffered when the
 * source completes. The wait timer is `unref()`ed, so it never keeps the process alive.
 *
 * @example
 * ```ts
 * events$.pipe(batch({ maxSize: 100, maxWaitMs: 5_000, maxBytes: 1_000_000, sizeOf: eventByteLength }))
 * ```
 */
export function batch<T>(options: BatchOptions<T> = {}): OperatorFunction<T, T[]> {
  return (source) =>
    new Observable<T[]>((subscriber) => {
      const batcher = new Batcher<T>(options, (items) => subscriber.next(items));
      const flushSubscription = options.flush?.subscribe(() => batcher.flush());
      const sourceSubscription = source.subscribe({
        next: (item) => batcher.push(item),
        error(err) {
          batcher.flush();
          subscriber.error(err);
        },
        complete() {
          batcher.flush();
          subscriber.complete();
        },
      });
      return () => {
        batcher.dispose();
        flushSubscription?.unsubscribe();
        sourceSubscription.unsubscribe();
      };
    });
}
