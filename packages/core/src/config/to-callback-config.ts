import type { EventType } from "../events/event-type.js";
import type { CallbackConfig } from "./callback-config.js";
import type { CallbackSettings } from "./callback-settings-schema.js";
import { CONFIG_DEFAULTS } from "./defaults.js";

/** Defaults that the environment may change (`DEFAULT_BATCH_SIZE`, `DEFAULT_FLUSH_INTERVAL_SECONDS`). */
export interface EnvDefaults {
  readonly batchSize: number;
  readonly flushIntervalSeconds: number;
}

/** Identity of a callback, decided before its settings are read. */
export interface CallbackIdentity {
  readonly name: string;
  readonly origin: CallbackConfig["origin"];
  readonly path: string;
  /** Event types implied by `success_callback` / `failure_callback`, used when settings name none. */
  readonly listEventTypes?: readonly EventType[];
}

const ms = (seconds: number): number => Math.round(seconds * 1000);
// For settings that must stay positive: 0.0001 s must not round down to "no timeout".
const positiveMs = (seconds: number): number => Math.max(1, ms(seconds));

/** Applies defaults to validated settings and converts them to {@link CallbackConfig}'s units. */
export function toCallbackConfig(settings: CallbackSettings, identity: CallbackIdentity, envDefaults: EnvDefaults): CallbackConfig {
  const d = CONFIG_DEFAULTS;
  // LiteLLM calls a callback listed only in success_callback (failure_callback) for successes
  // (failures) alone, and its own event_types filter applies on top: both must allow an event.
  const listed = identity.listEventTypes;
  const eventTypes =
    settings.event_types === undefined ? listed : listed === undefined ? settings.event_types : settings.event_types.filter((type) => listed.includes(type));
  const config: CallbackConfig = {
    name: identity.name,
    origin: identity.origin,
    path: identity.path,
    endpoint: settings.endpoint ?? "",
    method: settings.method ?? d.method,
    headers: settings.headers ?? {},
    ...(eventTypes === undefined ? {} : { eventTypes: [...new Set(eventTypes)] }),
    logFormat: settings.log_format?.type ?? d.logFormat,
    formatOptions: { ...settings.log_format_options, ...settings.log_format?.options },
    exporter: settings.exporter ?? d.exporter,
    batchSize: settings.batch_size ?? envDefaults.batchSize,
    flushIntervalMs: positiveMs(settings.flush_interval ?? envDefaults.flushIntervalSeconds),
    ...(settings.max_batch_bytes === undefined ? {} : { maxBatchBytes: settings.max_batch_bytes }),
    ...(settings.max_retries === undefined ? {} : { maxRetries: settings.max_retries }),
    retryDelayMs: ms(settings.retry_delay ?? d.retryDelaySeconds),
    maxRetryDelayMs: positiveMs(settings.max_retry_delay ?? d.maxRetryDelaySeconds),
    maxRetryAfterMs: positiveMs(settings.max_retry_after ?? d.maxRetryAfterSeconds),
    maxRetryElapsedMs: ms(settings.max_retry_time ?? d.maxRetryTimeSeconds),
    timeoutMs: positiveMs(settings.timeout ?? d.timeoutSeconds),
    maxConcurrency: settings.max_concurrency ?? d.maxConcurrency,
    maxQueueEvents: settings.max_queue_events ?? d.maxQueueEvents,
    ...(settings.max_queue_bytes === undefined ? {} : { maxQueueBytes: settings.max_queue_bytes }),
    queueFullPolicy: settings.queue_full_policy ?? d.queueFullPolicy,
    compression: settings.compression ?? d.compression,
    ...(settings.dead_letter_path === undefined ? {} : { deadLetterPath: settings.dead_letter_path }),
    ...(settings.spool_path === undefined ? {} : { spoolPath: settings.spool_path }),
  };
  return config;
}
