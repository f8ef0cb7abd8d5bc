import { resolve } from "node:path";
import { HooklineError, SecretScrubber, Spool, deadLetterFile, type CallbackOptions, type ComponentRegistry, type DeadLetterSink, type Processor } from "@hookline/core";
import type { CallbackConfig } from "./callback-config.js";

/** Extra wiring for callbacks built from config. */
export interface CallbacksFromConfigOptions {
  /** Receives every failed or dropped group of events, per callback. */
  readonly onUndelivered?: CallbackOptions["onUndelivered"];
  /** Directory relative `dead_letter_path` and `spool_path` resolve from. @default process.cwd() */
  readonly baseDir?: string;
  /** Receives storage problems that happen at run time (disk full). */
  readonly onWarning?: (message: string) => void;
  /**
   * Open dead-letter files and spools. `false` checks the config without touching the disk
   * (what `hookline validate` does).
   * @default true
   */
  readonly openStorage?: boolean;
  /**
   * The secrets to mask in errors, warnings and delivery reasons: the config's
   * (`HooklineConfig.secrets`, which knows its environment values and secret URL paths).
   * @default a scrubber of the callbacks' header values and endpoint credentials
   */
  readonly secrets?: SecretScrubber;
}

/** Header values and endpoint credentials of `callbacks`, for callers that pass no secrets. */
function secretsOf(callbacks: readonly CallbackConfig[]): SecretScrubber {
  const secrets = new SecretScrubber();
  for (const callback of callbacks) {
    for (const value of Object.values(callback.headers)) secrets.addHeaderValue(value);
    if (callback.endpoint !== undefined) secrets.addUrl(callback.endpoint);
  }
  return secrets;
}

/**
 * What the exporter is created with: its own options (`exporter: { type, ...options }`), and for
 * an exporter that sends to the callback's endpoint, the endpoint and the HTTP settings.
 */
function exporterOptionsOf(callback: CallbackConfig): Record<string, unknown> {
  if (callback.endpoint === undefined) return { timeoutMs: callback.timeoutMs, ...callback.exporterOptions };
  return {
    url: callback.endpoint,
    method: callback.method,
    headers: { ...callback.headers },
    timeoutMs: callback.timeoutMs,
    compression: callback.compression,
    ...callback.exporterOptions,
  };
}

/** `err` with every secret masked in its message (and issues); the original, which holds them, is dropped. */
function scrubbedError(err: unknown, scrub: (text: string) => string): unknown {
  if (HooklineError.is(err)) {
    return new HooklineError(err.code, scrub(err.message), { issues: err.issues.map((issue) => ({ ...issue, message: scrub(issue.message) })) });
  }
  if (err instanceof Error) {
    const copy = new Error(scrub(err.message));
    copy.stack = scrub(err.stack ?? copy.message);
    return copy;
  }
  return new Error(scrub(String(err)));
}

/**
 * Turns resolved callback configs into live {@link CallbackOptions}: creates each formatter and
 * exporter through the registry (importing third-party packages on first use). Errors, storage
 * warnings and every delivery report's reason are scrubbed of `options.secrets`.
 */
export async function callbacksFromConfig(
  callbacks: readonly CallbackConfig[],
  registry: ComponentRegistry,
  options: CallbacksFromConfigOptions = {},
): Promise<CallbackOptions[]> {
  const secrets = options.secrets ?? secretsOf(callbacks);
  try {
    return await build(callbacks, registry, options, secrets);
  } catch (err) {
    throw scrubbedError(err, secrets.scrubber);
  }
}

async function build(
  callbacks: readonly CallbackConfig[],
  registry: ComponentRegistry,
  options: CallbacksFromConfigOptions,
  secrets: SecretScrubber,
): Promise<CallbackOptions[]> {
  const scrub = secrets.scrubber;
  const warn = options.onWarning;
  const onError = warn ? { onError: (message: string) => warn(scrub(message)) } : {};
  // Callbacks naming the same dead-letter file share one writer (it cuts partial records off,
  // which two writers of one file must not do to each other); a spool directory is one callback's.
  const deadLetterSinks = new Map<string, DeadLetterSink>();
  // Callbacks with the same processor list get the same instances, so the pipeline runs each
  // event through the list once for all of them (and a changed event is serialized once).
  const processorLists = new Map<string, Promise<Processor[]>>();
  const processorsOf = (callback: CallbackConfig): Promise<Processor[]> => {
    const configured = callback.processors ?? [];
    const key = JSON.stringify(configured.map((processor) => [processor.type, processor.options]));
    let list = processorLists.get(key);
    if (list === undefined) {
      list = Promise.all(
        configured.map((processor) => registry.processor(processor.type, { ...processor.options }, { callbackName: callback.name }, processor.path)),
      );
      processorLists.set(key, list);
    }
    return list;
  };
  const spoolOwners = new Map<string, string>();
  return Promise.all(
    callbacks.map(async (callback): Promise<CallbackOptions> => {
      const formatter = await registry.formatter(callback.logFormat, { ...callback.formatOptions }, `${callback.path}.log_format.options`);
      const processors = await processorsOf(callback);
      const exporter = await registry.exporter(
        callback.exporter,
        exporterOptionsOf(callback),
        { callbackName: callback.name, secrets },
        callback.path,
      );
      const base = options.baseDir ?? process.cwd();
      const storage = options.openStorage ?? true;
      let deadLetters: DeadLetterSink | undefined;
      if (storage && callback.deadLetterPath !== undefined) {
        const path = resolve(base, callback.deadLetterPath);
        deadLetters = deadLetterSinks.get(path) ?? deadLetterFile(path, { ...onError, configPath: `${callback.path}.dead_letter_path` });
        deadLetterSinks.set(path, deadLetters);
      }
      let spool: ReturnType<typeof Spool.open> | undefined;
      if (storage && callback.spoolPath !== undefined) {
        const dir = resolve(base, callback.spoolPath);
        const owner = spoolOwners.get(dir);
        if (owner !== undefined) {
          throw new HooklineError("ERR_CONFIG_INVALID", `${callback.path}.spool_path: ${dir} is already the spool of ${owner}; each callback needs its own directory`);
        }
        spoolOwners.set(dir, `${callback.path}.spool_path`);
        spool = Spool.open(dir, { ...onError, configPath: `${callback.path}.spool_path` });
      }
      return {
        name: callback.name,
        ...(deadLetters ? { deadLetters } : {}),
        ...(spool ? { spool: { spool: spool.spool, recovered: spool.recovered } } : {}),
        formatter,
        exporter,
        ...(processors.length > 0 ? { processors } : {}),
        ...(callback.eventTypes ? { eventTypes: callback.eventTypes } : {}),
        batchSize: callback.batchSize,
        flushIntervalMs: callback.flushIntervalMs,
        ...(callback.maxBatchBytes !== undefined ? { maxBatchBytes: callback.maxBatchBytes } : {}),
        retry: {
          ...(callback.maxRetries === undefined ? {} : { maxRetries: callback.maxRetries }),
          initialDelayMs: callback.retryDelayMs,
          maxDelayMs: callback.maxRetryDelayMs,
          maxRetryAfterMs: callback.maxRetryAfterMs,
          maxElapsedMs: callback.maxRetryElapsedMs,
        },
        timeoutMs: callback.timeoutMs,
        maxConcurrency: callback.maxConcurrency,
        maxQueueEvents: callback.maxQueueEvents,
        ...(callback.maxQueueBytes !== undefined ? { maxQueueBytes: callback.maxQueueBytes } : {}),
        queueFullPolicy: callback.queueFullPolicy,
        ...(options.onUndelivered ? { onUndelivered: options.onUndelivered } : {}),
        scrub,
      };
    }),
  );
}
