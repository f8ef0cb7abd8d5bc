import { Observable, type MonoTypeOperatorFunction } from "rxjs";
import type { DeliveryQueue } from "../delivery/delivery-queue.js";
import type { LogEvent } from "../events/log-event.js";

/**
 * Admits events into a callback's bounded queue: an event passes when the queue holds it (and
 * has spooled it), and is dropped, counted and reported when the queue is full and its policy
 * says so. What a previous run left in the queue's spool is emitted first.
 *
 * The queue holds every admitted event until `deliver(exporter, { queue })` reports its
 * outcome, so the same queue must be given to the `deliver` further down the pipe: subscribing
 * throws otherwise, rather than letting the queue fill up for good.
 *
 * @example
 * ```ts
 * const queue = new DeliveryQueue({ name: "api", maxQueueEvents: 10_000, queueFullPolicy: "drop_oldest" });
 * events$.pipe(admit(queue), batch({ maxSize: 100, flush: queue.flushRequests }), format(ndjson()), deliver(exporter, { queue }));
 * ```
 */
export function admit(queue: DeliveryQueue): MonoTypeOperatorFunction<LogEvent> {
  return (source) =>
    new Observable<LogEvent>((subscriber) => {
      if (!queue.attached) {
        subscriber.error(new Error(`admit(queue "${queue.name}") needs deliver(exporter, { queue }) further down the same pipe`));
        return;
      }
      for (const event of queue.recovered) {
        queue.holdRecovered(event);
        subscriber.next(event);
      }
      return source.subscribe({
        next(event) {
          if (queue.admit(event)) subscriber.next(event);
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
    });
}
