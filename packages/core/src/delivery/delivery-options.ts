/** What to do with a new event when a callback's queue is full. */
export type QueueFullPolicy = "drop_oldest" | "drop_newest" | "block";

/** Retry settings for one callback. */
export interface RetryOptions {
  /**
   * Retries after the first attempt; `0` turns retries off.
   * @default 5
   */
  readonly maxRetries?: number;
  /**
   * Delay before the first retry, in ms; grows 1.5x per consecutive failure, with jitter.
   * @default 500
   */
  readonly initialDelayMs?: number;
  /**
   * Longest single delay, in ms (also caps `Retry-After`).
   * @default 30000
   */
  readonly maxDelayMs?: number;
  /**
   * Longest total time one batch may spend retrying, in ms; `0` means no limit.
   * @default 300000
   */
  readonly maxElapsedMs?: number;
}

/**
 * Delivery settings for one callback: retries, timeouts, body size, concurrency. Queue bounds
 * are the `DeliveryQueue`'s (they cover events still being batched too).
 */
export interface DeliveryOptions {
  readonly retry?: RetryOptions;
  /**
   * Per-attempt timeout, in ms.
   * @default 10000
   */
  readonly timeoutMs?: number;
  /**
   * Largest request body, uncompressed, in bytes: a body over it is split in halves before it is
   * sent (a single event over it is sent as it is). Unlimited when absent.
   */
  readonly maxBatchBytes?: number;
  /**
   * Requests in flight at once.
   * @default 4
   */
  readonly maxConcurrency?: number;
}
