/** hookline in process: createPipeline(...).log(payload), one callback, shutdown() at the end. */
import { createPipeline, type CallbackMetrics, type Formatter, type Pipeline, type Processor, type StandardLoggingPayload } from "@hookline/core";
import { httpExporter } from "@hookline/exporters";
import { jsonArray, ndjson, single } from "@hookline/formatters";
import type { Subject } from "../harness.js";
import type { DriverSpec } from "../types.js";

export type HooklineFormat = "ndjson" | "json_array" | "single";

/** Receiver path prefix for each formatter's body. */
const PREFIX: Record<HooklineFormat, string> = { ndjson: "ndjson", json_array: "json", single: "single" };

export function formatOfDriver(driver: string): HooklineFormat {
  const format = driver.replace(/^hookline-/, "").replace(/-(redact|mask)$/, "");
  if (format === "ndjson" || format === "json_array" || format === "single") return format;
  throw new Error(`not an in-process hookline driver: ${driver}`);
}

function formatter(format: HooklineFormat): Formatter {
  return format === "ndjson" ? ndjson() : format === "json_array" ? jsonArray() : single();
}

export interface HooklineSubject extends Subject {
  readonly pipeline: Pipeline;
}

export function hooklineSubject(spec: DriverSpec, options: { maxQueueEvents?: number; retry?: { initialDelayMs: number; maxDelayMs: number }; processors?: readonly Processor[] } = {}): HooklineSubject {
  const format = formatOfDriver(spec.driver);
  const path = `/${PREFIX[format]}/${spec.runId}`;
  const warnings: string[] = [];
  const pipeline = createPipeline({
    callbacks: [
      {
        name: format,
        formatter: formatter(format),
        exporter: httpExporter({ url: `${spec.receiverUrl}${path}` }),
        batchSize: spec.batchSize,
        flushIntervalMs: 1000,
        maxConcurrency: spec.concurrency,
        ...(options.maxQueueEvents !== undefined ? { maxQueueEvents: options.maxQueueEvents } : {}),
        ...(options.retry ? { retry: options.retry } : {}),
        ...(options.processors ? { processors: options.processors } : {}),
      },
    ],
    onWarning: (message) => {
      if (warnings.length < 10) warnings.push(message);
    },
  });
  let report: { drained: boolean; callbacks: readonly CallbackMetrics[] } | undefined;
  return {
    pipeline,
    paths: [path],
    hasFlush: true,
    log: (event: StandardLoggingPayload) => pipeline.log(event),
    async finish() {
      report = await pipeline.shutdown();
    },
    extra() {
      const metrics = report?.callbacks[0] ?? pipeline.metrics()[0];
      return {
        drained: report?.drained,
        sent: metrics?.sent,
        failed: metrics?.failed,
        retried: metrics?.retried,
        dropped: metrics?.dropped,
        requests: metrics?.requests,
        warnings,
      };
    },
  };
}
