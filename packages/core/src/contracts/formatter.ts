import type { LogEvent } from "../events/log-event.js";

/**
 * Turns a batch of events into one request body. Pure and synchronous: no I/O, no state
 * between calls.
 */
export interface Formatter {
  readonly specificationVersion: 1;
  /** Component type name, e.g. `ndjson`. */
  readonly type: string;
  /** Content-Type of the bodies it produces. */
  readonly contentType: string;
  /** Most events one body may hold; `1` for one request per event. Unlimited when absent. */
  readonly maxBatchSize?: number;
  /** Encodes events (never an empty array) into a body. */
  encode(events: readonly LogEvent[]): string | Uint8Array;
}
