import { type EventType } from "@hookline/core";
import type { CallbackConfig, ProcessorConfig } from "./callback-config.js";
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

/** LiteLLM's privacy settings as `litellm_settings` gives them to every callback. */
export interface PrivacySettings {
  readonly turn_off_message_logging?: boolean;
  readonly redact_user_api_key_info?: boolean;
  readonly standard_logging_payload_excluded_fields?: readonly string[];
  /** Where each was set, for messages about the processors they become. */
  readonly paths: Readonly<Record<string, string>>;
}

/**
 * The processors a callback runs: LiteLLM's privacy settings first (the callback's own, else the
 * global ones), as LiteLLM applies them while it builds the payload, then the callback's list.
 */
function processorsOf(settings: CallbackSettings, path: string, global: PrivacySettings): ProcessorConfig[] {
  const processors: ProcessorConfig[] = [];
  const pick = <K extends "turn_off_message_logging" | "redact_user_api_key_info" | "standard_logging_payload_excluded_fields">(key: K) =>
    settings[key] !== undefined
      ? { value: settings[key], path: `${path}.${key}` }
      : { value: global[key] as CallbackSettings[K], path: global.paths[key] ?? `litellm_settings.${key}` };
  const messages = pick("turn_off_message_logging");
  if (messages.value === true) processors.push({ type: "redact_messages", options: {}, path: messages.path });
  const keyInfo = pick("redact_user_api_key_info");
  if (keyInfo.value === true) processors.push({ type: "redact_user_api_key_info", options: {}, path: keyInfo.path });
  const excluded = pick("standard_logging_payload_excluded_fields");
  if (excluded.value !== undefined && excluded.value.length > 0) {
    processors.push({ type: "exclude_fields", options: { fields: [...excluded.value] }, path: excluded.path });
  }
  (settings.processors ?? []).forEach((processor, index) => {
    processors.push({ type: processor.type, options: processor.options, path: `${path}.processors[${index}]` });
  });
  return processors;
}

const ms = (seconds: number): number => Math.round(seconds * 1000);
// For settings that must stay positive: 0.0001 s must not round down to "no timeout".
const positiveMs = (seconds: number): number => Math.max(1, ms(seconds));

/** Applies defaults to validated settings and converts them to {@link CallbackConfig}'s units. */
export function toCallbackConfig(
  settings: CallbackSettings,
  identity: CallbackIdentity,
  envDefaults: EnvDefaults,
  privacy: PrivacySettings = { paths: {} },
): CallbackConfig {
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
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
    method: settings.method ?? d.method,
    headers: settings.headers ?? {},
    ...(eventTypes === undefined ? {} : { eventTypes: [...new Set(eventTypes)] }),
    logFormat: settings.log_format?.type ?? d.logFormat,
    formatOptions: { ...settings.log_format_options, ...settings.log_format?.options },
    exporter: settings.exporter?.type ?? d.exporter,
    exporterOptions: settings.exporter?.options ?? {},
    processors: processorsOf(settings, identity.path, privacy),
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
