import type { DeliveryOptions, QueueFullPolicy } from "./delivery-options.js";

/** {@link DeliveryOptions} with every default filled in. */
export interface ResolvedDeliveryOptions {
  readonly retry: {
    readonly maxRetries: number;
    readonly initialDelayMs: number;
    readonly maxDelayMs: number;
    readonly maxRetryAfterMs: number;
    readonly maxElapsedMs: number;
  };
  readonly timeoutMs: number;
  readonly maxBatchBytes: number;
  readonly maxConcurrency: number;
}

/** Default delivery and queue settings, shared by the TypeScript API and the config loader. */
export const DELIVERY_DEFAULTS: ResolvedDeliveryOptions & {
  readonly maxQueueEvents: number;
  readonly maxQueueBytes: number;
  readonly queueFullPolicy: QueueFullPolicy;
} = {
  // Retry until the time limit (not a count): a count spent inside an outage gives up early.
  // The delay cap is a probe interval: a recovered endpoint gets its first batch within 5 s.
  retry: { maxRetries: Number.POSITIVE_INFINITY, initialDelayMs: 500, maxDelayMs: 5_000, maxRetryAfterMs: 60_000, maxElapsedMs: 300_000 },
  timeoutMs: 10_000,
  maxBatchBytes: Number.POSITIVE_INFINITY,
  maxConcurrency: 4,
  maxQueueEvents: 50_000,
  // 128 MiB: about what 50,000 typical payloads (2-3 KB) take, so for those the event bound
  // comes first and this bites only when events are unusually large (a few huge ones).
  maxQueueBytes: 128 * 1024 * 1024,
  queueFullPolicy: "drop_oldest",
};

/** Fills in defaults. */
export function resolveDeliveryOptions(options: DeliveryOptions = {}): ResolvedDeliveryOptions {
  const retry = { ...DELIVERY_DEFAULTS.retry, ...stripUndefined(options.retry ?? {}) };
  return {
    retry,
    timeoutMs: options.timeoutMs ?? DELIVERY_DEFAULTS.timeoutMs,
    maxBatchBytes: options.maxBatchBytes ?? DELIVERY_DEFAULTS.maxBatchBytes,
    maxConcurrency: Math.max(1, options.maxConcurrency ?? DELIVERY_DEFAULTS.maxConcurrency),
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
