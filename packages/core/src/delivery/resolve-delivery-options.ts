import type { DeliveryOptions, QueueFullPolicy } from "./delivery-options.js";

/** {@link DeliveryOptions} with every default filled in. */
export interface ResolvedDeliveryOptions {
  readonly retry: { readonly maxRetries: number; readonly initialDelayMs: number; readonly maxDelayMs: number; readonly maxElapsedMs: number };
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
  retry: { maxRetries: 5, initialDelayMs: 500, maxDelayMs: 30_000, maxElapsedMs: 300_000 },
  timeoutMs: 10_000,
  maxBatchBytes: Number.POSITIVE_INFINITY,
  maxConcurrency: 4,
  maxQueueEvents: 50_000,
  maxQueueBytes: Number.POSITIVE_INFINITY,
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
