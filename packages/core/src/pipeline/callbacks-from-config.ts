import { resolve } from "node:path";
import type { CallbackConfig } from "../config/callback-config.js";
import { deadLetterFile } from "../delivery/dead-letter-file.js";
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
      const deadLetters =
        storage && callback.deadLetterPath !== undefined
          ? deadLetterFile(resolve(base, callback.deadLetterPath), { ...onError, configPath: `${callback.path}.dead_letter_path` })
          : undefined;
      const spool =
        storage && callback.spoolPath !== undefined
          ? Spool.open(resolve(base, callback.spoolPath), { ...onError, configPath: `${callback.path}.spool_path` })
          : undefined;
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
          ...(callback.maxRetries === undefined ? {} : { maxRetries: callback.maxRetries }),
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
