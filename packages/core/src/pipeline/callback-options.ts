import type { SchedulerLike } from "rxjs";
import type { Exporter } from "../contracts/exporter.js";
import type { Formatter } from "../contracts/formatter.js";
import type { Processor } from "../contracts/processor.js";
import type { DeliveryOptions, QueueFullPolicy } from "../delivery/delivery-options.js";
import type { DeadLetterSink } from "../delivery/dead-letter-file.js";
import type { DeliveryReport } from "../delivery/delivery-report.js";
import type { Spool } from "../delivery/spool.js";
import type { LogEvent } from "../events/log-event.js";
import type { EventType } from "../events/event-type.js";
import type { ProcessorChain } from "./processor-chain.js";

/**
 * One callback (destination) of a pipeline, in code: the options of the operators its branch is
 * made of (`ofEventTypes`, `applyProcessors`, `admit` with a `DeliveryQueue`, `batch`, `format`,
 * `deliver`), in one object.
 */
export interface CallbackOptions extends DeliveryOptions {
  /** Name used in metrics, reports and messages. */
  readonly name: string;
  readonly formatter: Formatter;
  readonly exporter: Exporter;
  /** Event types sent; all when absent. */
  readonly eventTypes?: readonly EventType[];
  /**
   * Processors run on each event after the event-type filter, in order. Callbacks given the same
   * array (or the same `ProcessorChain`) share the work: each event is processed once for them.
   */
  readonly processors?: readonly Processor[] | ProcessorChain;
  /**
   * Events per batch.
   * @default 100
   */
  readonly batchSize?: number;
  /**
   * Longest time an event waits in a batch, in ms.
   * @default 60000
   */
  readonly flushIntervalMs?: number;
  /**
   * Most events held (buffered, queued or in flight) before `queueFullPolicy` applies.
   * @default 50000
   */
  readonly maxQueueEvents?: number;
  /**
   * Most bytes of events' JSON held before `queueFullPolicy` applies. Events `log()` makes of
   * payload objects count only when this is set explicitly (measuring them serializes them in
   * `log()`); events that arrive as JSON always count.
   * @default 134217728 (128 MiB)
   */
  readonly maxQueueBytes?: number;
  /**
   * What to do with new events when the queue is full.
   * @default "drop_oldest"
   */
  readonly queueFullPolicy?: QueueFullPolicy;
  /** Where events that cannot be delivered are written (see `deadLetterFile`). */
  readonly deadLetters?: DeadLetterSink;
  /**
   * On-disk spool (see `Spool.open`): events are written there as they are admitted and removed
   * once settled; `recovered` are the events a previous run left, sent first.
   */
  readonly spool?: { readonly spool: Spool; readonly recovered: readonly LogEvent[] };
  /** Receives every failed or dropped group of events. */
  readonly onUndelivered?: (report: DeliveryReport, callbackName: string) => void;
  /**
   * Masks secrets in a report's `reason` before it is counted (`lastError`), reported
   * (`onUndelivered`) or dead-lettered: endpoints quote credentials back in their error bodies.
   * `callbacksFromConfig` sets it from the config's `SecretScrubber`.
   * @default none
   */
  readonly scrub?: (text: string) => string;
  /** Scheduler for batch timers; tests pass a TestScheduler. */
  readonly scheduler?: SchedulerLike;
}
