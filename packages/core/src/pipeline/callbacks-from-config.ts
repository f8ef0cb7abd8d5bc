import { resolve } from "node:path";
import type { CallbackConfig } from "../config/callback-config.js";
import { deadLetterFile, type DeadLetterSink } from "../delivery/dead-letter-file.js";
import { HooklineError } from "../errors/hookline-error.js";
import { Spool } from "../delivery/spool.js";
import type { ComponentRegistry } from "../registry/component-registry.js";
import type { CallbackOptions } from "./callback-options.js";

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
}

/**
 * Turns resolved callback configs into live {@link CallbackOptions}: creates each formatter and
 * exporter through the registry (importing third-party packages on first use).
 */
export async function callbacksFromConfig(
  callbacks: readonly CallbackConfig[],
  registry: ComponentRegistry,
  options: CallbacksFromConfigOptions = {},
): Promise<CallbackOptions[]> {
  // Callbacks naming the same dead-letter file share one writer (it cuts partial records off,
  // which two writers of one file must not do to each other); a spool directory is one callback's.
  const deadLetterSinks = new Map<string, DeadLetterSink>();
  const spoolOwners = new Map<string, string>();
  return Promise.all(
    callbacks.map(async (callback): Promise<CallbackOptions> => {
      const formatter = await registry.formatter(callback.logFormat, { ...callback.formatOptions }, `${callback.path}.log_format.options`);
      const exporter = await registry.exporter(
        callback.exporter,
        {
          url: callback.endpoint,
          method: callback.method,
          headers: { ...callback.headers },
          timeoutMs: callback.timeoutMs,
          compression: callback.compression,
        },
        { callbackName: callback.name },
        callback.path,
      );
      const base = options.baseDir ?? process.cwd();
      const storage = options.openStorage ?? true;
      const onError = options.onWarning ? { onError: options.onWarning } : {};
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
        ...(callback.eventTypes ? { eventTypes: callback.eventTypes } : {}),
        batchSize: callback.batchSize,
        flushIntervalMs: callback.flushIntervalMs,
        ...(callback.maxBatchBytes !== undefined ? { maxBatchBytes: callback.maxBatchBytes } : {}),
        retry: {
          maxRetries: callback.maxRetries,
          initialDelayMs: callback.retryDelayMs,
          maxDelayMs: callback.maxRetryDelayMs,
          maxElapsedMs: callback.maxRetryElapsedMs,
        },
        timeoutMs: callback.timeoutMs,
        maxConcurrency: callback.maxConcurrency,
        maxQueueEvents: callback.maxQueueEvents,
        ...(callback.maxQueueBytes !== undefined ? { maxQueueBytes: callback.maxQueueBytes } : {}),
        queueFullPolicy: callback.queueFullPolicy,
        ...(options.onUndelivered ? { onUndelivered: options.onUndelivered } : {}),
      };
    }),
  );
}
