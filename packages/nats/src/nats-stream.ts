import { jetstreamManager, RetentionPolicy, StorageType, type JetStreamManager } from "@nats-io/jetstream";
import { nanos, type NatsConnection } from "@nats-io/transport-node";

/** The stream hookline publishes to and consumes from. */
export interface NatsStreamOptions {
  /**
   * Stream name.
   * @default "HOOKLINE"
   */
  readonly stream?: string;
  /**
   * Subject events are published on; the stream is created to capture it.
   * @default "hookline.events"
   */
  readonly subject?: string;
  /**
   * How long the stream keeps an event, in ms, whether or not every consumer has taken it
   * (only used when hookline creates the stream).
   * @default 604800000 (7 days)
   */
  readonly maxAgeMs?: number;
  /**
   * Window in which a publish with the same message id is dropped as a duplicate, in ms (only
   * used when hookline creates the stream).
   * @default 120000
   */
  readonly duplicateWindowMs?: number;
}

export const STREAM_DEFAULTS = { stream: "HOOKLINE", subject: "hookline.events", maxAgeMs: 7 * 24 * 3600 * 1000, duplicateWindowMs: 120_000 } as const;

function isNotFound(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === 10059;
}

/**
 * Makes sure the stream exists, creating it when it does not (a file-backed stream with limits
 * retention: an event stays until `maxAgeMs` however many consumers there are, so events published
 * before the first worker started are not lost). An existing stream is left as it is.
 */
export async function ensureStream(nc: NatsConnection, options: NatsStreamOptions): Promise<JetStreamManager> {
  const jsm = await jetstreamManager(nc);
  const name = options.stream ?? STREAM_DEFAULTS.stream;
  const subject = options.subject ?? STREAM_DEFAULTS.subject;
  try {
    await jsm.streams.info(name);
    return jsm;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  try {
    await jsm.streams.add({
      name,
      subjects: [subject],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      max_age: nanos(options.maxAgeMs ?? STREAM_DEFAULTS.maxAgeMs),
      duplicate_window: nanos(options.duplicateWindowMs ?? STREAM_DEFAULTS.duplicateWindowMs),
    });
  } catch (err) {
    // Another instance starting at the same time may have created it first.
    await jsm.streams.info(name).catch(() => Promise.reject(err));
  }
  return jsm;
}
