import type { LogEvent } from "./log-event.js";

/**
 * The union of the events' `via` lists, in first-seen order, or `undefined` when none has one.
 * Events of one request share one list, so this is usually one comparison per event.
 */
export function viaOf(events: readonly LogEvent[]): readonly string[] | undefined {
  let first: readonly string[] | undefined;
  let union: Set<string> | undefined;
  for (let i = 0; i < events.length; i++) {
    const via = events[i]!.via;
    if (via === undefined || via === first) continue;
    if (first === undefined) {
      first = via;
      continue;
    }
    union ??= new Set(first);
    for (const id of via) union.add(id);
  }
  return union === undefined ? first : [...union];
}
