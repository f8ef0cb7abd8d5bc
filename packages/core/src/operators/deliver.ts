import { Observable, type OperatorFunction } from "rxjs";
import type { Exporter } from "../contracts/exporter.js";
import type { DeliveryOptions } from "../delivery/delivery-options.js";
import type { AttemptInfo, DeliveryReport } from "../delivery/delivery-report.js";
import { Sender } from "../delivery/sender.js";
import type { FormattedBatch } from "./format.js";

/** Options of {@link deliver}. */
export interface DeliverOptions extends DeliveryOptions {
  /** Receives the sender when the stream is subscribed, for queue control and shutdown. */
  readonly onSender?: (sender: Sender) => void;
  /** Called after every export attempt, for metrics. */
  readonly onAttempt?: (attempt: AttemptInfo) => void;
}

/**
 * Sends each formatted batch through `exporter` with retries, backoff, 413 splitting and a
 * concurrency limit, and emits one {@link DeliveryReport} per group of events that reached an
 * outcome. Completes once the source has completed and every batch has an outcome; delivery
 * failures are reports, never stream errors.
 *
 * @example
 * ```ts
 * events$.pipe(batch({ maxSize: 100 }), format(ndjson()), deliver(httpExporter({ url }), { retry: { maxRetries: 3 } }))
 *   .subscribe((report) => console.log(report.outcome, report.events.length));
 * ```
 */
export function deliver(exporter: Exporter, options: DeliverOptions = {}): OperatorFunction<FormattedBatch, DeliveryReport> {
  return (source) =>
    new Observable<DeliveryReport>((subscriber) => {
      const sender = new Sender(exporter, options, {
        onReport: (report) => subscriber.next(report),
        ...(options.onAttempt ? { onAttempt: options.onAttempt } : {}),
      });
      options.onSender?.(sender);
      let active = true;
      const subscription = source.subscribe({
        next: (formatted) => sender.enqueue(formatted),
        error: (err) => subscriber.error(err),
        complete: () => {
          void sender.whenIdle().then(() => {
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
