import { Observable, type OperatorFunction, type SchedulerLike, type Subscription } from "rxjs";

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
}

/**
 * Groups items into arrays by count, age and byte size, whichever limit comes first. Unlike
 * `bufferTime(t, null, n)` it never emits an empty array; it emits what is buffered when the
 * source completes, and the wait timer only runs while something is buffered.
 *
 * @example
 * ```ts
 * events$.pipe(batch({ maxSize: 100, maxWaitMs: 5_000, maxBytes: 1_000_000, sizeOf: eventByteLength }))
 * ```
 */
export function batch<T>(options: BatchOptions<T> = {}): OperatorFunction<T, T[]> {
  const maxSize = Math.max(1, options.maxSize ?? 100);
  const maxWaitMs = options.maxWaitMs ?? 60_000;
  const { maxBytes, sizeOf, scheduler } = options;
  const measure = maxBytes !== undefined && sizeOf !== undefined ? sizeOf : undefined;

  return (source) =>
    new Observable<T[]>((subscriber) => {
      let buffer: T[] = [];
      let bytes = 0;
      let cancelTimer: (() => void) | undefined;

      const emit = (): void => {
        cancelTimer?.();
        cancelTimer = undefined;
        if (buffer.length === 0) return;
        const out = buffer;
        buffer = [];
        bytes = 0;
        subscriber.next(out);
      };

      const startTimer = (): void => {
        if (scheduler) {
          const action: Subscription = scheduler.schedule(emit, maxWaitMs);
          cancelTimer = () => action.unsubscribe();
        } else {
          const handle = setTimeout(emit, maxWaitMs);
          handle.unref?.();
          cancelTimer = () => clearTimeout(handle);
        }
      };

      const flushSubscription = options.flush?.subscribe(() => emit());
      const sourceSubscription = source.subscribe({
        next(item) {
          if (measure) {
            const size = measure(item);
            if (buffer.length > 0 && bytes + size > maxBytes!) emit();
            bytes += size;
          }
          buffer.push(item);
          if (buffer.length >= maxSize || (measure && bytes >= maxBytes!)) emit();
          else if (buffer.length === 1) startTimer();
        },
        error(err) {
          emit();
          subscriber.error(err);
        },
        complete() {
          emit();
          subscriber.complete();
        },
      });

      return () => {
        cancelTimer?.();
        flushSubscription?.unsubscribe();
        sourceSubscription.unsubscribe();
      };
    });
}
