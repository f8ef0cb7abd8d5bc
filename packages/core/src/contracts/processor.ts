import type { EventType } from "../events/event-type.js";
import type { StandardLoggingPayload } from "../events/standard-logging-payload.js";

/** What a processor knows about the event besides its payload. */
export interface ProcessContext {
  /** The event's type (`llm_api_success` or `llm_api_failure`). */
  readonly eventType: EventType;
}

/**
 * Changes, keeps or drops events between a callback's event-type filter and its queue
 * (redaction, masking, field selection, routing filters, sampling, static fields).
 *
 * Pure and synchronous, and copy-on-write: `process` must not modify the payload it is given.
 * It returns that same object when it changes nothing (so an unchanged event keeps its original
 * bytes and is never serialized again), a new object when it changes something, or `null` to
 * drop the event (counted as filtered by this processor).
 */
export interface Processor {
  readonly specificationVersion: 1;
  /** Component type name, e.g. `mask`. */
  readonly type: string;
  process(payload: StandardLoggingPayload, context: ProcessContext): StandardLoggingPayload | null;
}
