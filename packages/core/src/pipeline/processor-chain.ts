import type { Processor } from "../contracts/processor.js";
import { isLoggedEvent, loggedEvent, type LogEvent } from "../events/log-event.js";

/** What a chain made of one event: the event (the same one when nothing changed), or why not. */
export type ChainResult = LogEvent | { readonly dropped: string } | { readonly failed: string; readonly reason: string };

/**
 * Processors run in order on each event, once per event however many callbacks share the chain:
 * the result is remembered per event, so callbacks with the same chain share one rewritten event
 * (serialized once) and an event no processor changed stays the very same object, with its
 * original bytes.
 */
export class ProcessorChain {
  readonly processors: readonly Processor[];
  readonly #results = new WeakMap<LogEvent, ChainResult>();

  constructor(processors: readonly Processor[]) {
    this.processors = processors;
  }

  /** Runs the chain on `event` (or returns what it made of it before). */
  run(event: LogEvent): ChainResult {
    const known = this.#results.get(event);
    if (known !== undefined) return known;
    const result = this.#run(event);
    this.#results.set(event, result);
    return result;
  }

  #run(event: LogEvent): ChainResult {
    const original = event.payload;
    let payload = original;
    const context = { eventType: event.type };
    for (const processor of this.processors) {
      let next: typeof payload | null;
      try {
        next = processor.process(payload, context);
      } catch (err) {
        return { failed: processor.type, reason: `processor ${processor.type} failed: ${err instanceof Error ? err.message : String(err)}` };
      }
      if (next === null) return { dropped: processor.type };
      if (typeof next !== "object" || Array.isArray(next)) {
        return { failed: processor.type, reason: `processor ${processor.type} returned ${Array.isArray(next) ? "an array" : typeof next}, not a payload or null` };
      }
      payload = next;
    }
    if (payload === original) return event;
    return derivedEvent(event, payload);
  }
}

/**
 * The event with a new payload: serialized anew (once, shared by the chain's callbacks), the same
 * type, routing and hops. An event `log()` made stays one (the queue's default byte bound does not
 * serialize such events in `log()` to measure them).
 */
function derivedEvent(event: LogEvent, payload: LogEvent["payload"]): LogEvent {
  if (isLoggedEvent(event)) return loggedEvent(payload, event.type, true);
  return {
    type: event.type,
    payload,
    ...(event.callback !== undefined ? { callback: event.callback } : {}),
    ...(event.via !== undefined ? { via: event.via } : {}),
  };
}
