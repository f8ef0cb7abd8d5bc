import { filter, type MonoTypeOperatorFunction } from "rxjs";
import { EVENT_TYPES, type EventType } from "../events/event-type.js";
import type { LogEvent } from "../events/log-event.js";

/**
 * Keeps only events of the given types; passes everything when `types` is absent or lists
 * every type.
 *
 * @example
 * ```ts
 * events$.pipe(ofEventTypes(["llm_api_failure"]))
 * ```
 */
export function ofEventTypes(types?: readonly EventType[]): MonoTypeOperatorFunction<LogEvent> {
  if (types === undefined || EVENT_TYPES.every((type) => types.includes(type))) return (source) => source;
  const wanted = new Set<EventType>(types);
  return filter((event) => wanted.has(event.type));
}
