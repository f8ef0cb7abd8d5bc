import { filter, type MonoTypeOperatorFunction } from "rxjs";
import { EVENT_TYPES, type EventType } from "../events/event-type.js";
import type { LogEvent } from "../events/log-event.js";

/** Options of {@link ofEventTypes}. */
export interface OfEventTypesOptions {
  /**
   * Also keep only events meant for this callback: those that name no callback, or this one
   * (replayed dead letters name the callback they came from).
   */
  readonly callback?: string;
  /** Called for each event left out. */
  readonly onFiltered?: (event: LogEvent) => void;
}

/**
 * Keeps only events of the given types; passes everything when `types` is absent or lists
 * every type (and no `callback` is given).
 *
 * @example
 * ```ts
 * events$.pipe(ofEventTypes(["llm_api_failure"]))
 * ```
 */
export function ofEventTypes(types?: readonly EventType[], options: OfEventTypesOptions = {}): MonoTypeOperatorFunction<LogEvent> {
  const wanted = types === undefined || EVENT_TYPES.every((type) => types.includes(type)) ? undefined : new Set<EventType>(types);
  const { callback, onFiltered } = options;
  if (wanted === undefined && callback === undefined) return (source) => source;
  return filter((event) => {
    const keep = (wanted === undefined || wanted.has(event.type)) && (callback === undefined || event.callback === undefined || event.callback === callback);
    if (!keep) onFiltered?.(event);
    return keep;
  });
}
