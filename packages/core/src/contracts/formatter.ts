import type { EventFrame, LogEvent } from "../events/log-event.js";

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
  /**
   * True when `encode` writes each event's JSON text (`eventJson`) into the body. The sender then
   * serializes a batch's payloads before calling `encode`, at most a slice of time per turn of
   * the event loop, so a large batch never holds the loop for long (a 2 KB payload takes about
   * 10 µs to serialize: 500 of them would be a 5 ms stall).
   */
  readonly readsEventJson?: boolean;
  /**
   * Set when a body is nothing but the events' JSON texts framed: `encode(events)` gives the
   * same bytes as `joinEventJson(events, frame.prefix, frame.separator, frame.suffix)`. The
   * sender then writes each payload into the body as soon as it is serialized, a slice of time
   * per turn of the event loop, and the text dies at once instead of waiting for the body.
   */
  readonly frame?: EventFrame;
  /** Encodes events (never an empty array) into a body. */
  encode(events: readonly LogEvent[]): string | Uint8Array;
}
