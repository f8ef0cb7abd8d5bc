import type { LogEvent } from "../events/log-event.js";

/**
 * Why events were dropped without a delivery attempt (or without a last one). `format_error` is
 * no longer produced (a formatter failure is isolated and the event failed); it stays so that
 * metrics keep the same series.
 */
export type DropReason = "queue_full" | "invalid_event" | "format_error" | "shutdown";

/**
 * How a group of events ended in one callback: delivered, failed (the endpoint refused them or
 * retries ran out; they go to the dead letters), or dropped (never sent; counted by reason).
 */
export interface DeliveryReport {
  readonly outcome: "delivered" | "failed" | "dropped";
  readonly events: readonly LogEvent[];
  /** The batch these events were cut from, kept through splits. */
  readonly source: readonly LogEvent[];
  /** Last HTTP status seen, if any. */
  readonly status?: number;
  /** What went wrong; never contains a header value or secret. */
  readonly reason?: string;
  /** For `dropped`. */
  readonly dropReason?: DropReason;
  /** Attempts made for these events. */
  readonly attempts: number;
  /** True when the events failed only because delivery was stopped (shutdown deadline). */
  readonly aborted?: boolean;
  /** Time from entering the delivery queue to this outcome, in ms. */
  readonly latencyMs: number;
}

/** One export attempt's outcome, for metrics. */
export interface AttemptInfo {
  readonly kind: "success" | "retryable" | "failure";
  readonly status?: number;
  readonly events: number;
  /** True when the batch will be tried again after this attempt. */
  readonly willRetry: boolean;
}
