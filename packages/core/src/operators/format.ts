import { Observable, type OperatorFunction } from "rxjs";
import type { Formatter } from "../contracts/formatter.js";
import { bodyPool } from "../events/body-pool.js";
import { EventBodyWriter, eventJson, forgetEventJson, holdEventJson, type EventFrame, type LogEvent } from "../events/log-event.js";

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
   * Does part of the encoding ahead, until `performance.now()` reaches `deadline`: serializes the
   * payloads of a formatter that {@link Formatter.readsEventJson}. True when nothing is left to
   * do before `body` is read (at once when there was nothing to do). Never throws: an error
   * shows when `body` is read.
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
  /** Events {@link prepare} has dealt with, from the first: written into #writer, or serialized. */
  #prepared = 0;
  /** The body being written ahead, for a formatter with a `frame`. */
  #writer: EventBodyWriter | undefined;
  /** False when there is nothing to do ahead (every event carries its bytes, or the formatter reads no JSON). */
  #ahead: boolean | undefined;
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
      if (this.#writer !== undefined && this.#prepared === this.events.length) {
        this.#body = this.#writer.finish();
      } else {
        this.#writer?.discard();
        this.#body = this.formatter.encode(this.events);
        if (this.#prepared > 0 && this.formatter.frame === undefined) forgetEventJson(this.events);
      }
      this.#writer = undefined;
    }
    return this.#body;
  }

  get bytes(): number {
    const body = this.body;
    return typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
  }

  prepare(deadline: number): boolean {
    if (this.#body !== undefined) return true;
    this.#ahead ??=
      (this.formatter.frame !== undefined || this.formatter.readsEventJson === true) && this.events.some((event) => event.bytes === undefined);
    if (!this.#ahead) return true;
    const events = this.events;
    const frame = this.formatter.frame;
    try {
      while (this.#prepared < events.length) {
        if (performance.now() >= deadline) return false;
        const event = events[this.#prepared++]!;
        if (frame === undefined) holdEventJson(event);
        else if (this.#writer === undefined) this.#writer = startWriter(frame, event, events.length);
        else this.#writer.append(event);
      }
    } catch {
      // encode() meets the same error when the body is read, and reports it.
      this.#writer?.discard();
      this.#writer = undefined;
      this.#prepared = 0;
      this.#ahead = false;
    }
    return true;
  }

  release(): void {
    if (this.#body === undefined) return;
    bodyPool.release(this.#body);
    this.#body = undefined;
  }
}

/** A writer for a body of `count` events like `first`, with `first` written. */
function startWriter(frame: EventFrame, first: LogEvent, count: number): EventBodyWriter {
  const text = first.bytes === undefined ? eventJson(first) : undefined;
  const size = text?.length ?? first.bytes!.byteLength;
  // Payloads vary in size: room for half as much again as `count` times the first saves most moves.
  const writer = new EventBodyWriter(frame, Math.ceil(1.5 * count * (size + frame.separator.length)) + frame.prefix.length + frame.suffix.length);
  if (text === undefined) writer.append(first);
  else writer.appendText(text);
  return writer;
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
 * them when it sends, after the caller's `log()` has returned; a batch the formatter throws on is
 * bisected there, and only the event that still throws on its own is failed (dead-lettered).
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
