import type { EventType } from "../events/event-type.js";
import type { QueueFullPolicy } from "../delivery/delivery-options.js";

/**
 * One callback as a configuration describes it, fully resolved: environment references
 * substituted, preset merged, defaults applied. Plain data; {@link buildPipelineOptions} turns it
 * into live formatter and exporter instances.
 */
export interface CallbackConfig {
  /** The callback's name (the key under `callback_settings`, a preset name, or `generic_api`). */
  readonly name: string;
  /** Where the callback came from, for messages and `validate`. */
  readonly origin: "callback_settings" | "preset" | "environment";
  /** Key path of the callback's settings in the config, e.g. `callback_settings.my_api`. */
  readonly path: string;
  /** Endpoint URL; empty for an exporter that needs none (`nats`). */
  readonly endpoint: string;
  /** HTTP method. @default "POST" */
  readonly method: string;
  /** Request headers, values already substituted. Secrets: never print them. */
  readonly headers: Readonly<Record<string, string>>;
  /** Event types sent; undefined means all. */
  readonly eventTypes?: readonly EventType[];
  /** Formatter type (`json_array`, `ndjson`, `single`, or a package name). */
  readonly logFormat: string;
  /** Formatter options, e.g. `{ concurrency: 8 }`. */
  readonly formatOptions: Readonly<Record<string, unknown>>;
  /** Exporter type. @default "http" */
  readonly exporter: string;
  /** Events per batch. @default 100 */
  readonly batchSize: number;
  /** Longest time an event waits in a batch, in ms. @default 60000 */
  readonly flushIntervalMs: number;
  /** Largest serialized batch in bytes (uncompressed); unlimited when absent. */
  readonly maxBatchBytes?: number;
  /** Most retries after the first attempt; absent: retried until `maxRetryElapsedMs`. */
  readonly maxRetries?: number;
  /** Delay before the first retry, in ms. @default 500 */
  readonly retryDelayMs: number;
  /** Longest single retry delay, in ms. @default 5000 */
  readonly maxRetryDelayMs: number;
  /** Longest `Retry-After` honoured, in ms. @default 60000 */
  readonly maxRetryAfterMs: number;
  /** Longest total retry time per batch, in ms. @default 300000 */
  readonly maxRetryElapsedMs: number;
  /** Per-attempt timeout, in ms. @default 10000 */
  readonly timeoutMs: number;
  /** Requests in flight at once. @default 4 */
  readonly maxConcurrency: number;
  /** Most events held before `queueFullPolicy` applies. @default 50000 */
  readonly maxQueueEvents: number;
  /** Most bytes held; unlimited when absent. */
  readonly maxQueueBytes?: number;
  /** @default "drop_oldest" */
  readonly queueFullPolicy: QueueFullPolicy;
  /** Body compression. @default "none" */
  readonly compression: "none" | "gzip" | "deflate" | "br";
  /** Where undeliverable events are appended as NDJSON. */
  readonly deadLetterPath?: string;
  /** Directory of the on-disk spool. */
  readonly spoolPath?: string;
}

/** A whole resolved hookline configuration. */
export interface HooklineConfig {
  /** The file it was read from, when it was. */
  readonly file?: string;
  readonly callbacks: readonly CallbackConfig[];
  /** The HTTP receiver of `hookline run`. */
  readonly server: import("./server-config.js").ServerConfig;
  /** Problems that do not stop the config from running (unknown keys, LiteLLM-only callbacks). */
  readonly warnings: readonly import("../errors/hookline-error.js").ConfigIssue[];
  /**
   * The config's secrets: every header value, endpoint credentials (userinfo, query values, the
   * path of presets whose path is the credential) and every environment value it used, masked
   * as `$NAME`. Pass it to `callbacksFromConfig`, and scrub anything else printed with it.
   */
  readonly secrets: import("../secrets/secret-scrubber.js").SecretScrubber;
}
