/** What to do with a new event when a callback's queue is full. */
export type QueueFullPolicy = "drop_oldest" | "drop_newest" | "block";

/** Retry settings for one callback. */
export interface RetryOptions {
  /**
   * Most retries after the first attempt; `0` turns retries off. Unset, a batch is retried
   * until `maxElapsedMs`, so an outage shorter than that is ridden out whatever its length.
   * @default Infinity
   */
  readonly maxRetries?: number;
  /**
   * Delay before the first retry, in ms; grows 1.5x per consecutive failure, with jitter.
   * @default 500
   */
  readonly initialDelayMs?: number;
  /**
   * Longest single backoff delay, in ms: while an endpoint is down it is probed at least this
   * often, so the first delivery after it is back comes within about this long.
   * @default 5000
   */
  readonly maxDelayMs?: number;
  /**
   * Longest `Retry-After` honoured, in ms: an endpoint that asks for a longer wait is probed
   * again after this long. A `Retry-After` never shortens the backoff.
   * @default 60000
   */
  readonly maxRetryAfterMs?: number;
  /**
   * Longest total time one batch may spend retrying, from its first attempt, in ms; `0` means no
   * limit. The last retry is timed to land at this limit rather than give up before it.
   * @default 300000 (the OpenTelemetry Collector's default)
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
