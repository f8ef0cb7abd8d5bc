import type { CallbackConfig } from "../config/callback-config.js";
import type { ComponentRegistry } from "../registry/component-registry.js";
import type { CallbackOptions } from "./callback-options.js";

/** Extra wiring for callbacks built from config. */
export interface CallbacksFromConfigOptions {
  /** Receives every failed or dropped group of events, per callback. */
  readonly onUndelivered?: CallbackOptions["onUndelivered"];
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
      const formatter = await registry.formatter(callback.logFormat, { ...callback.formatOptions }, `${callback.path}.log_format`);
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
      return {
        name: callback.name,
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
