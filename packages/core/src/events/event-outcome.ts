import type { LogEvent } from "./log-event.js";

/**
 * How one event ended in a pipeline, for the source that produced it (see {@link LogEvent.settle}):
 *
 * - `delivered`: every callback that took it delivered it;
 * - `filtered`: no callback wanted it (event types, a filter or sampling processor);
 * - `dead_lettered`: a callback failed it and wrote it to its dead letters;
 * - `failed`: a callback failed it and could not keep it (no dead letters, or the write failed);
 * - `dropped`: a callback dropped it (queue full, shutdown) without a last attempt;
 * - `aborted`: delivery was stopped (shutdown deadline) before it had an outcome.
 *
 * A source that can take an event back (a message queue) redelivers `dropped` and `aborted`
 * events and acknowledges the others.
 */
export type EventOutcome = "delivered" | "filtered" | "dead_lettered" | "failed" | "dropped" | "aborted";

/** When callbacks end the same event differently, the one a source must act on: the first listed here. */
const PRECEDENCE: readonly EventOutcome[] = ["aborted", "dropped", "failed", "dead_lettered", "delivered", "filtered"];

/** The outcome that wins when one event ends as `a` in one callback and `b` in another. */
export function worseOutcome(a: EventOutcome, b: EventOutcome): EventOutcome {
  return PRECEDENCE.indexOf(a) <= PRECEDENCE.indexOf(b) ? a : b;
}

/**
 * Makes `event.settle` fire once, with the worst outcome, after `expected` callbacks each settled
 * it (the pipeline calls this when an event that has a `settle` enters the bus).
 */
export function awaitSettlements(event: LogEvent, expected: number): void {
  const report = event.settle;
  if (report === undefined) return;
  if (expected === 0) {
    event.settle = undefined;
    report("filtered");
    return;
  }
  let left = expected;
  let outcome: EventOutcome | undefined;
  event.settle = (one) => {
    outcome = outcome === undefined ? one : worseOutcome(outcome, one);
    if (--left === 0) {
      event.settle = undefined;
      report(outcome);
    }
  };
}
