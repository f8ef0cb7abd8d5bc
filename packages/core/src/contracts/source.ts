import type { LogEvent } from "../events/log-event.js";
import type { OfferResult } from "../pipeline/pipeline.js";

/** What a source pushes events into: the part of a pipeline a source needs. */
export interface SourceSink {
  /**
   * Pushes events, unless a callback cannot take them now (a `block` policy, a failing spool
   * with `durable`): then nothing is taken and the source should retry after `retryAfterMs`, or
   * give the events back to where they came from. An event with a `settle` hook is told its
   * outcome once every callback that takes it has one.
   */
  offer(events: readonly LogEvent[], options?: { readonly everyPolicy?: boolean; readonly durable?: boolean }): OfferResult;
  /** Resolves when the events pushed so far are on disk in callbacks that have a spool. */
  sync(): Promise<void>;
}

/**
 * Produces events from somewhere outside the process (an HTTP endpoint, a message queue, a
 * file) into a pipeline. A source acknowledges what it took back to where it came from only once
 * its events settle (see `LogEvent.settle`), so that nothing it acknowledged can be lost.
 */
export interface Source {
  readonly specificationVersion: 1;
  /** Component type name, e.g. `nats`. */
  readonly type: string;
  /** Starts producing into `sink`; resolves once it runs (connected, listening). */
  start(sink: SourceSink): Promise<void>;
  /**
   * Stops taking new events; events already pushed go on settling (and are acknowledged as they
   * do). Resolves once nothing more will be pushed.
   */
  stop(): Promise<void>;
  /** Releases connections once every pushed event has settled (after the pipeline's shutdown). */
  close?(): Promise<void>;
}
