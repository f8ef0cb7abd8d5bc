import type { SchedulerLike } from "rxjs";
import type { Exporter } from "../contracts/exporter.js";
import type { Formatter } from "../contracts/formatter.js";
import type { DeliveryOptions } from "../delivery/delivery-options.js";
import type { DeadLetterSink } from "../delivery/dead-letter-file.js";
import type { DeliveryReport } from "../delivery/delivery-report.js";
import type { Spool } from "../delivery/spool.js";
import type { LogEvent } from "../events/log-event.js";
import type { EventType } from "../events/event-type.js";

/** One callback (destination) of a pipeline, in code. */
export interface CallbackOptions extends DeliveryOptions {
  /** Name used in metrics, reports and messages. */
  readonly name: string;
  readonly formatter: Formatter;
  readonly exporter: Exporter;
  /** Event types sent; all when absent. */
  readonly eventTypes?: readonly EventType[];
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
