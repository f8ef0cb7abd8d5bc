import type { SchedulerLike } from "rxjs";
import type { Exporter } from "../contracts/exporter.js";
import type { Formatter } from "../contracts/formatter.js";
import type { DeliveryOptions } from "../delivery/delivery-options.js";
import type { DeliveryReport } from "../delivery/delivery-report.js";
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
  /** Largest batch by serialized (uncompressed) size, in bytes; unlimited when absent. */
  readonly maxBatchBytes?: number;
  /** Receives every failed or dropped group of events (dead letters, spool). */
  readonly onUndelivered?: (report: DeliveryReport) => void;
  /** Scheduler for batch timers; tests pass a TestScheduler. */
  readonly scheduler?: SchedulerLike;
}
