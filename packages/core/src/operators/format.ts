import { Observable, type OperatorFunction } from "rxjs";
import type { Formatter } from "../contracts/formatter.js";
import type { LogEvent } from "../events/log-event.js";

/** A batch of events and the request body a formatter made of them. */
export interface FormattedBatch {
  /** The events in this body. */
  readonly events: readonly LogEvent[];
  readonly body: string | Uint8Array;
  readonly contentType: string;
  /** UTF-8 size of the body, uncompressed. */
  readonly bytes: number;
  /** The formatter that made the body, so a batch can be split and re-encoded. */
  readonly formatter: Formatter;
  /** The batch array these events came from (kept through splits), for accounting. */
  readonly source: readonly LogEvent[];
}

/** A batch the formatter could not encode, with the reason. */
export interface FormatFailure {
  readonly events: readonly LogEvent[];
  readonly source: readonly LogEvent[];
  readonly reason: string;
}

/** Encodes `events` with `formatter`, honouring its `maxBatchSize`. */
export function encodeBatch(
  formatter: Formatter,
  events: readonly LogEvent[],
  source: readonly LogEvent[] = events,
): FormattedBatch[] {
  const max = formatter.maxBatchSize ?? Number.POSITIVE_INFINITY;
  if (events.length <= max) return [encodeOne(formatter, events, source)];
  const out: FormattedBatch[] = [];
  for (let start = 0; start < events.length; start += max) {
    out.push(encodeOne(formatter, events.slice(start, start + max), source));
  }
  return out;
}

function encodeOne(formatter: Formatter, events: readonly LogEvent[], source: readonly LogEvent[]): FormattedBatch {
  const body = formatter.encode(events);
  const bytes = typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
  return { events, body, contentType: formatter.contentType, bytes, formatter, source };
}

/**
 * Turns each batch into request bodies with `formatter` (several when the formatter's
 * `maxBatchSize` is smaller than the batch). A batch the formatter throws on is passed to
 * `onError` (if given) instead of ending the stream.
 *
 * @example
 * ```ts
 * events$.pipe(batch({ maxSize: 50 }), format(ndjson()))
 * ```
 */
export function format(
  formatter: Formatter,
  onError?: (failure: FormatFailure) => void,
): OperatorFunction<readonly LogEvent[], FormattedBatch> {
  return (source) =>
    new Observable<FormattedBatch>((subscriber) =>
      source.subscribe({
        next(events) {
          let bodies: FormattedBatch[];
          try {
            bodies = encodeBatch(formatter, events);
          } catch (err) {
            onError?.({ events, source: events, reason: `formatter ${formatter.type} failed: ${errorMessage(err)}` });
            return;
          }
          for (const body of bodies) subscriber.next(body);
        },
        error: (err) => subscriber.error(err),
        complete: () => subscriber.complete(),
      }),
    );
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
