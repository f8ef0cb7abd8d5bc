import { pipe, type OperatorFunction } from "rxjs";
import type { DeliveryQueue } from "../delivery/delivery-queue.js";
import type { DeliveryReport } from "../delivery/delivery-report.js";
import { eventByteLength, type LogEvent } from "../events/log-event.js";
import { admit } from "../operators/admit.js";
import { applyProcessors } from "../operators/apply-processors.js";
import { batch } from "../operators/batch.js";
import { deliver } from "../operators/deliver.js";
import { format } from "../operators/format.js";
import { ofEventTypes } from "../operators/of-event-types.js";
import type { CallbackOptions } from "./callback-options.js";
import { ProcessorChain } from "./processor-chain.js";

/**
 * One callback's branch, composed of the public operators with the callback's options:
 * filter → processors → admit (bounded queue, spool) → batch → format → deliver. This is all a
 * configured callback is; composing the same operators by hand gives the same guarantees.
 *
 * @example
 * ```ts
 * const queue = new DeliveryQueue({ name: "api" });
 * bus.pipe(callbackBranch({ name: "api", formatter: ndjson(), exporter }, queue)).subscribe();
 * ```
 */
export function callbackBranch(callback: CallbackOptions, queue: DeliveryQueue): OperatorFunction<LogEvent, DeliveryReport> {
  const { metrics } = queue;
  const filtered = (by: string) => (event: LogEvent): void => {
    // An event meant for another callback (replayed dead letters, a per-callback consumer) is
    // not this callback's to count or settle.
    if (event.callback !== undefined && event.callback !== callback.name) return;
    metrics.received++;
    metrics.filtered++;
    metrics.filteredBy[by] = (metrics.filteredBy[by] ?? 0) + 1;
    event.settle?.("filtered");
  };
  const chain = callback.processors instanceof ProcessorChain ? callback.processors : new ProcessorChain(callback.processors ?? []);
  return pipe(
    ofEventTypes(callback.eventTypes, { callback: callback.name, onFiltered: filtered("event_types") }),
    applyProcessors(chain, {
      onDropped: (event, processor) => filtered(processor)(event),
      onFailed: (event, reason) => queue.reject(event, reason),
    }),
    admit(queue),
    batch<LogEvent>({
      maxSize: callback.batchSize ?? 100,
      maxWaitMs: callback.flushIntervalMs ?? 60_000,
      // +1 per event for the separator most formats add; the sender splits what still overshoots.
      ...(callback.maxBatchBytes !== undefined ? { maxBytes: callback.maxBatchBytes - 2, sizeOf: (event: LogEvent) => eventByteLength(event) + 1 } : {}),
      flush: queue.flushRequests,
      // Under a virtual-time scheduler (tests) batches are emitted synchronously.
      ...(callback.scheduler ? { scheduler: callback.scheduler } : { emitFullLater: true }),
    }),
    format(callback.formatter),
    deliver(callback.exporter, {
      queue,
      ...(callback.retry ? { retry: callback.retry } : {}),
      ...(callback.timeoutMs !== undefined ? { timeoutMs: callback.timeoutMs } : {}),
      ...(callback.maxBatchBytes !== undefined ? { maxBatchBytes: callback.maxBatchBytes } : {}),
      ...(callback.maxConcurrency !== undefined ? { maxConcurrency: callback.maxConcurrency } : {}),
      onAttempt: (attempt) => metrics.attempt(attempt),
    }),
  );
}
