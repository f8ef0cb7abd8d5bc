/**
 * Every default of the configuration in one place, so the loader, `validate` and the docs agree.
 * Durations are in seconds, as they are written in config.yaml.
 */
export const CONFIG_DEFAULTS = {
  /** Formatter of a callback without `log_format` (LiteLLM's default). */
  logFormat: "json_array",
  /** Events per batch, unless `DEFAULT_BATCH_SIZE` is set. */
  batchSize: 100,
  /** Seconds an event may wait in a batch, unless `DEFAULT_FLUSH_INTERVAL_SECONDS` is set. */
  flushIntervalSeconds: 60,
  /** Seconds before the first retry. (`max_retries` has no default: unset, retries last until `max_retry_time`.) */
  retryDelaySeconds: 0.5,
  /** Longest single retry delay, in seconds: the probe interval while an endpoint is down. */
  maxRetryDelaySeconds: 5,
  /** Longest `Retry-After` honoured, in seconds. */
  maxRetryAfterSeconds: 60,
  /** Longest total retry time per batch, in seconds; 0 means no limit. */
  maxRetryTimeSeconds: 300,
  /** Per-attempt timeout, in seconds. */
  timeoutSeconds: 10,
  /** HTTP method. */
  method: "POST",
  /** Requests in flight at once per callback. */
  maxConcurrency: 4,
  /** Events held per callback before `queue_full_policy` applies. */
  maxQueueEvents: 50_000,
  /** What to do when a callback's queue is full. */
  queueFullPolicy: "drop_oldest",
  /** Body compression. */
  compression: "none",
  /** Exporter type. */
  exporter: "http",
  /** The receiver of `hookline run` (`sources.http`); loopback so nothing is exposed by accident. */
  server: { host: "127.0.0.1", port: 4400 },
  /** Environment variables LiteLLM's batch logger reads for its defaults, honoured the same way. */
  env: {
    batchSize: "DEFAULT_BATCH_SIZE",
    flushIntervalSeconds: "DEFAULT_FLUSH_INTERVAL_SECONDS",
    genericLoggerEndpoint: "GENERIC_LOGGER_ENDPOINT",
    genericLoggerHeaders: "GENERIC_LOGGER_HEADERS",
  },
} as const;
