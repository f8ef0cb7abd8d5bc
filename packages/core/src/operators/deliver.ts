import { Observable, type OperatorFunction } from "rxjs";
import type { Exporter } from "../contracts/exporter.js";
import type { DeliveryQueue } from "../delivery/delivery-queue.js";
import type { DeliveryOptions } from "../delivery/delivery-options.js";
import type { AttemptInfo, DeliveryReport } from "../delivery/delivery-report.js";
import { Sender } from "../delivery/sender.js";
import type { FormattedBatch } from "./format.js";

/** Options of {@link deliver}. */
export interface DeliverOptions extends DeliveryOptions {
  /**
   * The callback's queue, the one its `admit` took: its events are released (and dead-lettered,
   * and removed from the spool) as they get their outcomes, and `drop_oldest` reaches the
   * batches queued here. Without it, batches are only sent.
   */
  readonly queue?: DeliveryQueue;
  /** Called after every export attempt, for metrics. */
  readonly onAttempt?: (attempt: AttemptInfo) => void;
}

const KNOWN_OPTIONS = new Set(["queue", "onAttempt", "retry", "timeoutMs", "maxBatchBytes", "maxConcurrency"]);

/**
 * Sends each formatted batch through `exporter` with retries, backoff shared by the callback,
 * 413 splitting, 400 bisection and a concurrency limit, and emits one {@link DeliveryReport}
 * per group of events that reached an outcome. Completes once the source has completed and
 * every batch has an outcome (and, with a queue, its dead letters are written); delivery
 * failures are reports, never stream errors.
 *
 * Queue bounds are not options of `deliver`: they belong to the queue `admit` fills, which
 * covers events still being batched too. An unknown option is an error, not ignored.
 *
 * @example
 * ```ts
 * events$.pipe(batch({ maxSize: 100 }), format(ndjson()), deliver(httpExporter({ url }), { retry: { maxRetries: 3 } }))
 *   .subscribe((report) => console.log(report.outcome, report.events.length));
 * ```
 */
export function deliver(exporter: Exporter, options: DeliverOptions = {}): OperatorFunction<FormattedBatch, DeliveryReport> {
  const unknown = Object.keys(options).filter((key) => !KNOWN_OPTIONS.has(key));
  if (unknown.length > 0) {
    const hint = unknown.some((key) => key.startsWith("maxQueue") || key === "queueFullPolicy") ? " (queue bounds belong to the DeliveryQueue given to admit() and deliver({ queue }))" : "";
    throw new TypeError(`deliver: unknown option(s) ${unknown.join(", ")}; expected ${[...KNOWN_OPTIONS].join(", ")}${hint}`);
  }
  const { queue } = options;
  return (source) =>
    new Observable<DeliveryReport>((subscriber) => {
      const writes = new Set<Promise<void>>();
      const sender = new Sender(exporter, options, {
        onReport(report) {
          const write = queue?.settle(report);
          if (write === undefined) {
            subscriber.next(report);
            return;
          }
          writes.add(write);
          void write.then(() => {
            writes.delete(write);
            subscriber.next(report);
          });
        },
        ...(options.onAttempt ? { onAttempt: options.onAttempt } : {}),
      });
      queue?.attach(sender);
      let active = true;
      const subscription = source.subscribe({
        next(formatted) {
          queue?.tag(formatted.source);
          sender.enqueue(formatted);
        },
        error: (err: unknown) => subscriber.error(err),
        complete() {
          void sender.whenIdle().then(async () => {
            while (writes.size > 0) await Promise.all([...writes]);
            if (active) subscriber.complete();
          });
        },
      });
      return () => {
        active = false;
        subscription.unsubscribe();
      };
    });
}
