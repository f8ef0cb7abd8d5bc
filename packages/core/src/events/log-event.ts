import type { EventOutcome } from "./event-outcome.js";
import type { EventType } from "./event-type.js";
import { bodyPool, POOLED_MIN_BYTES } from "./body-pool.js";
import { safeJsonStringify } from "./safe-json.js";
import type { StandardLoggingPayload } from "./standard-logging-payload.js";

/**
 * One LLM call's log on its way through hookline: the payload plus its event type.
 *
 * `json` holds the payload's JSON text: the original bytes when the event arrived serialized
 * (the HTTP receiver, replay), otherwise filled in once by {@link eventJson} and shared by every
 * callback, so a payload is serialized at most once however many callbacks send it. The text
 * is always on one line (no raw CR or LF), so it can be framed as NDJSON as it is.
 */
export interface LogEvent {
  readonly type: EventType;
  readonly payload: StandardLoggingPayload;
  json?: string;
  /** When set, only the callback of this name takes the event (replayed dead letters). */
  readonly callback?: string;
  /**
   * `false` when nothing but one formatter will read the JSON text (a pipeline with a single
   * callback): then it is not kept on the event, so it dies young with the body it went into
   * instead of living as long as the event. Absent means keep it.
   */
  readonly keepJson?: boolean;
  /**
   * The UTF-8 bytes of `json`, when the event arrived as bytes that can be forwarded as they
   * are (a view into the received body, not a copy). Formatters that frame payloads unchanged
   * copy these into the request body instead of encoding the text again.
   */
  readonly bytes?: Uint8Array;
  /**
   * The hookline instances the event passed through, oldest first (the receiver sets it from
   * the request's `X-Hookline-Via` header plus its own id). Requests carrying the event carry
   * the list on, so a loop between instances is detected (see `viaOf`). Shared, never mutated.
   */
  via?: readonly string[];
  /**
   * Called once when the event has an outcome in the pipeline, for a source that acknowledges
   * what it produced only once it is delivered or kept (a message-queue consumer, a receiver
   * that answers after delivery). The pipeline wraps it on entry so that it fires once, after
   * every callback that takes the event settled it, with the outcome that matters most (see
   * {@link EventOutcome}).
   */
  settle?: ((outcome: EventOutcome) => void) | undefined;
}

/** The event type a payload implies: `llm_api_failure` when `status` says failure. */
export function eventTypeOf(payload: StandardLoggingPayload): EventType {
  return payload.status === "failure" || payload.status_fields?.llm_api_status === "failure"
    ? "llm_api_failure"
    : "llm_api_success";
}

/**
 * Creates a {@link LogEvent}; the type defaults to the one the payload implies. `json`, when
 * given, must be the payload's JSON text; raw line breaks in it are removed (outside strings
 * they can only be whitespace, so the value is unchanged).
 */
export function createLogEvent(payload: StandardLoggingPayload, type: EventType = eventTypeOf(payload), json?: string): LogEvent {
  if (json === undefined) return { type, payload };
  return { type, payload, json: json.includes("\n") || json.includes("\r") ? json.replace(/[\r\n]/g, "") : json };
}

/**
 * An event logged in process. Its type is read from the payload when first asked for, not in
 * `log()`: the caller's thread then never touches the payload (whose memory is often no longer
 * in the CPU's caches) unless a callback filters by event type.
 */
class LoggedEvent implements LogEvent {
  #type: EventType | undefined;
  json: string | undefined = undefined;

  constructor(
    readonly payload: StandardLoggingPayload,
    type: EventType | undefined,
    readonly keepJson: boolean,
  ) {
    this.#type = type;
  }

  get type(): EventType {
    return (this.#type ??= eventTypeOf(this.payload));
  }
}

/**
 * True for an event `log()` made of a payload object (its JSON text is not made yet, and making
 * it means serializing the payload).
 */
export function isLoggedEvent(event: LogEvent): boolean {
  return event instanceof LoggedEvent;
}

/**
 * The event `log()` makes of a payload: typed now when `type` is given, else from the payload
 * when first asked. `keepJson`: see {@link LogEvent.keepJson}.
 */
export function loggedEvent(payload: StandardLoggingPayload, type: EventType | undefined, keepJson: boolean): LogEvent {
  return new LoggedEvent(payload, type, keepJson);
}

/** The event's payload as JSON text, serialized at most once. */
export function eventJson(event: LogEvent): string {
  let json = event.json;
  if (json === undefined) {
    json = safeJsonStringify(event.payload);
    if (event.keepJson !== false) event.json = json;
  }
  return json;
}

/**
 * Serializes the event's payload now, unless its JSON text or bytes are already there, and keeps
 * the text on the event even when the event would not keep it (see {@link LogEvent.keepJson}):
 * the sender does this ahead of encoding a body, a slice at a time. {@link forgetEventJson} lets
 * those texts go once the body is made.
 */
export function holdEventJson(event: LogEvent): void {
  if (event.bytes === undefined && event.json === undefined) event.json = safeJsonStringify(event.payload);
}

/** Lets go of the texts {@link holdEventJson} kept on events that do not keep their JSON. */
export function forgetEventJson(events: readonly LogEvent[]): void {
  for (const event of events) if (event.keepJson === false) event.json = undefined;
}

/** UTF-8 size of the event's JSON text. */
export function eventByteLength(event: LogEvent): number {
  return event.bytes?.byteLength ?? Buffer.byteLength(eventJson(event));
}

/**
 * The events' JSON texts joined into one body: `prefix`, the texts with `separator` between
 * them, then `suffix` (all three ASCII). When every event carries its original bytes the body is
 * a Buffer made of one copy of each (nothing is decoded or encoded). Otherwise the texts are
 * joined: into a string when the body is small, into a Buffer when it is large (16 KB or more).
 * A large body's memory is taken from {@link bodyPool} either way.
 *
 * @example
 * ```ts
 * joinEventJson(events, "[", ",", "]")   // a JSON array
 * joinEventJson(events, "", "\n", "\n") // NDJSON
 * ```
 */
export function joinEventJson(events: readonly LogEvent[], prefix: string, separator: string, suffix: string): string | Uint8Array {
  let size = prefix.length + suffix.length + separator.length * Math.max(0, events.length - 1);
  for (const event of events) {
    if (event.bytes === undefined) return joinText(events, prefix, separator, suffix);
    size += event.bytes.byteLength;
  }
  const body = bodyPool.acquire(size);
  const between = Buffer.from(separator, "latin1");
  let offset = body.write(prefix, 0, "latin1");
  for (let i = 0; i < events.length; i++) {
    if (i > 0) {
      body.set(between, offset);
      offset += between.byteLength;
    }
    const bytes = events[i]!.bytes!;
    body.set(bytes, offset);
    offset += bytes.byteLength;
  }
  body.write(suffix, offset, "latin1");
  return body;
}

/**
 * A large text body is encoded into pooled memory rather than concatenated: a string of 128 KB or
 * more is a fresh allocation of its own pages in V8 (page faults on every 4 KB), and sending one
 * costs that twice, once to flatten the concatenation and once to encode it for the socket.
 *
 * The buffer is sized from the texts' lengths, not their UTF-8 sizes: measuring a text's UTF-8
 * size costs more than encoding it (see {@link EventBodyWriter}).
 */
function joinText(events: readonly LogEvent[], prefix: string, separator: string, suffix: string): string | Uint8Array {
  const texts: string[] = new Array<string>(events.length);
  let length = prefix.length + suffix.length + separator.length * Math.max(0, events.length - 1);
  for (let i = 0; i < events.length; i++) {
    const json = eventJson(events[i]!);
    texts[i] = json;
    length += json.length;
  }
  if (length < POOLED_MIN_BYTES) {
    let body = prefix;
    for (let i = 0; i < texts.length; i++) body += i === 0 ? texts[i]! : separator + texts[i]!;
    return body + suffix;
  }
  // Most payloads are ASCII or nearly: an eighth more than the length holds them.
  const writer = new EventBodyWriter({ prefix, separator, suffix }, length + (length >> 3));
  for (const text of texts) writer.appendText(text);
  return writer.finish();
}

/** How a body frames its events' JSON texts: `prefix`, the texts with `separator` between them, `suffix` (all ASCII). */
export interface EventFrame {
  readonly prefix: string;
  readonly separator: string;
  readonly suffix: string;
}

/**
 * Writes a framed body (the same bytes {@link joinEventJson} makes) one event at a time into
 * pooled memory, so a body can be built over several turns of the event loop and each payload's
 * JSON text dies as soon as it is written.
 *
 * A text is encoded straight in when even three bytes per character would fit (the most UTF-8
 * takes for one UTF-16 unit); near the end its size is measured first, and a body that turns out
 * larger moves to a buffer twice the size.
 */
export class EventBodyWriter {
  readonly #frame: EventFrame;
  #body: Buffer;
  #offset: number;
  #count = 0;

  /** `sizeHint`: the expected size of the body in bytes. */
  constructor(frame: EventFrame, sizeHint: number) {
    this.#frame = frame;
    this.#body = bodyPool.acquire(Math.max(sizeHint, 64));
    this.#offset = this.#body.write(frame.prefix, 0, "latin1");
  }

  /** Appends the event's JSON: its bytes when it has them, else its text (serialized now if needed). */
  append(event: LogEvent): void {
    if (event.bytes === undefined) {
      this.appendText(eventJson(event));
      return;
    }
    this.#separate();
    this.#reserve(event.bytes.byteLength);
    this.#body.set(event.bytes, this.#offset);
    this.#offset += event.bytes.byteLength;
  }

  /** Appends one event's JSON text. */
  appendText(json: string): void {
    this.#separate();
    this.#put(json, "utf8");
  }

  /** The body, with its suffix; the writer must not be used afterwards. */
  finish(): Uint8Array {
    this.#put(this.#frame.suffix, "latin1");
    return this.#body.subarray(0, this.#offset);
  }

  /** Hands the memory back unused (the body will not be sent). */
  discard(): void {
    bodyPool.release(this.#body);
  }

  #separate(): void {
    if (this.#count++ > 0) this.#put(this.#frame.separator, "latin1");
  }

  #put(text: string, encoding: "latin1" | "utf8"): void {
    if (this.#body.length - this.#offset < 3 * text.length) this.#reserve(encoding === "latin1" ? text.length : Buffer.byteLength(text));
    this.#offset += this.#body.write(text, this.#offset, encoding);
  }

  #reserve(size: number): void {
    if (this.#body.length - this.#offset >= size) return;
    const larger = bodyPool.acquire(Math.max(2 * this.#body.length, this.#offset + size + (this.#offset >> 3)));
    this.#body.copy(larger, 0, 0, this.#offset);
    bodyPool.release(this.#body);
    this.#body = larger;
  }
}
