import { Observable, type OperatorFunction } from "rxjs";
import type { Formatter } from "../contracts/formatter.js";
import { bodyPool } from "../events/body-pool.js";
import { forgetEventJson, holdEventJson, type LogEvent } from "../events/log-event.js";

/**
 * A batch of events and the request body a formatter makes of them. The body is encoded on first
 * access, so building the batch costs the caller nothing and encoding happens when the batch is
 * sent (or never, when it is dropped first).
 */
export interface FormattedBatch {
  /** The events in this body. */
  readonly events: readonly LogEvent[];
  /** The encoded body; throws if the formatter throws. */
  readonly body: string | Uint8Array;
  readonly contentType: string;
  /** UTF-8 size of the body, uncompressed (encodes it if needed). */
  readonly bytes: number;
  /** The formatter that makes the body, so a batch can be split and re-encoded. */
  readonly formatter: Formatter;
  /** The batch array these events came from (kept through splits), for accounting. */
  readonly source: readonly LogEvent[];
  /**
   * Does part of the encoding ahead, until `performance.now()` reaches `deadline` (at least one
   * event's worth): serializes the payloads of a formatter that {@link Formatter.readsEventJson}.
   * True when nothing is left to do before `body` is read. Never throws: an error shows when
   * `body` is read.
   */
  prepare?(deadline: number): boolean;
  /**
   * Says the body will not be read again (the batch's last attempt is over), so its memory can
   * be reused. Reading `body` afterwards encodes it anew.
   */
  release?(): void;
}

class LazyFormattedBatch implements FormattedBatch {
  #body: string | Uint8Array | undefined;
  /** Events whose payloads {@link prepare} has serialized, from the first. */
  #prepared = 0;
  readonly contentType: string;

  constructor(
    readonly formatter: Formatter,
    readonly events: readonly LogEvent[],
    readonly source: readonly LogEvent[],
  ) {
    this.contentType = formatter.contentType;
  }

  get body(): string | Uint8Array {
    if (this.#body === undefined) {
      this.#body = this.formatter.encode(this.events);
      if (this.#prepared > 0) forgetEventJson(this.events);
    }
    return this.#body;
  }

  prepare(deadline: number): boolean {
    const events = this.events;
    if (this.#body !== undefined || this.formatter.readsEventJson !== true) return true;
    try {
      while (this.#prepared < events.length) {
        holdEventJson(events[this.#prepared++]!);
        if (performance.now() >= deadline) break;
      }
    } catch {
      return true;
    }
    return this.#prepared >= events.length;
  }

  get bytes(): number {
    const body = this.body;
    return typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
  }

  release(): void {
    if (this.#body === undefined) return;
    bodyPool.release(this.#body);
    this.#body = undefined;
  }
}

/** Cuts `events` into batches of at most the formatter's `maxBatchSize`; bodies are encoded lazily. */
export function encodeBatch(
  formatter: Formatter,
  events: readonly LogEvent[],
  source: readonly LogEvent[] = events,
): FormattedBatch[] {
  const max = formatter.maxBatchSize ?? Number.POSITIVE_INFINITY;
  if (events.length <= max) return [new LazyFormattedBatch(formatter, events, source)];
  const out: FormattedBatch[] = [];
  for (let start = 0; start < events.length; start += max) {
    out.push(new LazyFormattedBatch(formatter, events.slice(start, start + max), source));
  }
  return out;
}

/**
 * Turns each batch into request bodies made by `formatter` (several when the formatter's
 * `maxBatchSize` is smaller than the batch). Bodies are encoded when first read: `deliver` reads
 * them when it sends, after the caller's `log()` has returned, and reports a batch the formatter
 * throws on as dropped (`format_error`).
 *
 * @example
 * ```ts
 * events$.pipe(batch({ maxSize: 50 }), format(ndjson()))
 * ```
 */
export function format(formatter: Formatter): OperatorFunction<readonly LogEvent[], FormattedBatch> {
  return (source) =>
    new Observable<FormattedBatch>((subscriber) =>
      source.subscribe({
        next(events) {
          for (const batch of encodeBatch(formatter, events)) subscriber.next(batch);
        },
        error: (err) => subscriber.error(err),
        complete: () => subscriber.complete(),
      }),
    );
}
