import type { AttemptInfo, DeliveryReport, DropReason } from "../delivery/delivery-report.js";
import { RecentAttempts } from "./recent-attempts.js";

/** HTTP status classes requests are counted by; `error` is a request with no response. */
export type StatusClass = "2xx" | "3xx" | "4xx" | "5xx" | "error";

/** Upper bounds, in seconds, of the delivery-latency histogram buckets. */
export const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] as const;

/** A point-in-time copy of one callback's counters. */
export interface CallbackMetrics {
  readonly name: string;
  /** Events that reached the callback (before the event-type filter). */
  readonly received: number;
  /** Events left out by the event-type filter or a processor (a filter, sampling). */
  readonly filtered: number;
  /** `filtered`, by what left them out: `event_types` or a processor's type. */
  readonly filteredBy: Readonly<Record<string, number>>;
  /** Events delivered (2xx). */
  readonly sent: number;
  /** Events the endpoint refused or that ran out of retries. */
  readonly failed: number;
  /** Event-attempts that failed and were tried again. */
  readonly retried: number;
  /** Events dropped without delivery, by reason. */
  readonly dropped: Readonly<Record<DropReason, number>>;
  /** Failed events written to the dead-letter file. */
  readonly deadLettered: number;
  /** Events written to the on-disk spool. */
  readonly spooled: number;
  /** Failed events that could not be written to the dead-letter file (disk full, I/O error). */
  readonly deadLetterWriteFailures: number;
  /** Events the spool could not write when they came: they were held in memory only. */
  readonly spoolWriteFailures: number;
  /** Events found damaged or missing in the spool when it was opened: they cannot be sent. */
  readonly spoolLost: number;
  /** The last disk error of the spool or dead letters (`ENOSPC`), when there was one. */
  readonly storageError?: string;
  /** Requests by status class. */
  readonly requests: Readonly<Record<StatusClass, number>>;
  /** Events held: buffered, queued or in flight. */
  readonly queueDepth: number;
  /** Bytes of the events held, as `maxQueueBytes` counts them. */
  readonly queueBytes: number;
  /** Events in requests in flight. */
  readonly inFlight: number;
  /** Delivery latency (enqueue to 2xx) histogram: cumulative counts per bucket bound. */
  readonly latency: { readonly count: number; readonly sumSeconds: number; readonly buckets: readonly number[] };
  /**
   * False while the callback is backing off (its endpoint answering retryable failures), and
   * while every attempt in the minute before its latest one failed, whatever the failure (a 401
   * on every request included). True again at the first success.
   */
  readonly healthy: boolean;
  /** The last failure's reason (no secrets). */
  readonly lastError?: string;
}

/** Mutable counters behind {@link CallbackMetrics}. */
export class CallbackMetricsRecorder {
  received = 0;
  filtered = 0;
  readonly filteredBy: Record<string, number> = {};
  sent = 0;
  failed = 0;
  retried = 0;
  deadLettered = 0;
  spooled = 0;
  deadLetterWriteFailures = 0;
  spoolWriteFailures = 0;
  spoolLost = 0;
  storageError: string | undefined;
  readonly dropped: Record<DropReason, number> = { queue_full: 0, invalid_event: 0, format_error: 0, shutdown: 0 };
  readonly requests: Record<StatusClass, number> = { "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0, error: 0 };
  readonly #buckets = LATENCY_BUCKETS_SECONDS.map(() => 0);
  #latencyCount = 0;
  // -0 is a double: the field holds doubles from the start, so the first fractional sum does not
  // change the object's hidden class, which would deoptimize the code of `log()` that counts
  // `received` on the same object.
  #latencySum = -0;
  lastError: string | undefined;
  readonly #recent = new RecentAttempts();

  constructor(readonly name: string) {}

  /** Counts one export attempt. */
  attempt(info: AttemptInfo): void {
    this.requests[statusClass(info.status)] += 1;
    this.#recent.record(info.kind === "success", Date.now());
    if (info.kind !== "success" && info.willRetry) this.retried += info.events;
  }

  /** Counts one outcome. */
  report(report: DeliveryReport): void {
    const n = report.events.length;
    if (report.outcome === "delivered") {
      this.sent += n;
      const seconds = report.latencyMs / 1000;
      this.#latencyCount += n;
      this.#latencySum += seconds * n;
      LATENCY_BUCKETS_SECONDS.forEach((bound, i) => {
        if (seconds <= bound) this.#buckets[i]! += n;
      });
    } else if (report.outcome === "failed") {
      this.failed += n;
      this.lastError = report.reason;
    } else {
      this.dropped[report.dropReason ?? "queue_full"] += n;
    }
  }

  /** A snapshot. */
  snapshot(state: { queueDepth: number; queueBytes?: number; inFlight: number; healthy: boolean }): CallbackMetrics {
    return {
      name: this.name,
      received: this.received,
      filtered: this.filtered,
      filteredBy: { ...this.filteredBy },
      sent: this.sent,
      failed: this.failed,
      retried: this.retried,
      dropped: { ...this.dropped },
      deadLettered: this.deadLettered,
      spooled: this.spooled,
      deadLetterWriteFailures: this.deadLetterWriteFailures,
      spoolWriteFailures: this.spoolWriteFailures,
      spoolLost: this.spoolLost,
      requests: { ...this.requests },
      queueDepth: state.queueDepth,
      queueBytes: state.queueBytes ?? 0,
      inFlight: state.inFlight,
      latency: { count: this.#latencyCount, sumSeconds: this.#latencySum + 0, buckets: [...this.#buckets] },
      healthy: state.healthy && !this.#recent.allFailing,
      ...(this.lastError !== undefined ? { lastError: this.lastError } : {}),
      ...(this.storageError !== undefined ? { storageError: this.storageError } : {}),
    };
  }
}

function statusClass(status: number | undefined): StatusClass {
  if (status === undefined) return "error";
  if (status >= 500) return "5xx";
  if (status >= 400) return "4xx";
  if (status >= 300) return "3xx";
  return "2xx";
}
