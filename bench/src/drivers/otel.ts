/**
 * Peer: the OpenTelemetry JS logs SDK. `logger.emit()` with the payload as the body and its id
 * in the `llm.call.id` attribute; BatchLogRecordProcessor (batches of `batchSize`, 1 s delay)
 * and the OTLP/HTTP JSON exporter to the receiver's `/otlp/<run>/v1/logs`.
 * `maxQueueSize` is raised from the SDK default 2048 to 50,000 (hookline's default
 * max_queue_events), so the comparison is not just about a small default queue.
 */
import type { StandardLoggingPayload } from "@hookline/core";
import { SeverityNumber, type AnyValue, type AnyValueMap } from "@opentelemetry/api-logs";
import { OTLPLogExporter } from "@opentelemetry/exporter-logs-otlp-http";
import { BatchLogRecordProcessor, LoggerProvider } from "@opentelemetry/sdk-logs";
import type { Subject } from "../harness.js";
import { EVENT_ID_ATTRIBUTE } from "../receiver-parse.js";
import type { DriverSpec } from "../types.js";

export const OTEL_MAX_QUEUE_SIZE = 50_000;

export function otelSubject(spec: DriverSpec): Subject {
  const path = `/otlp/${spec.runId}/v1/logs`;
  const exporter = new OTLPLogExporter({ url: `${spec.receiverUrl}${path}` });
  const processor = new BatchLogRecordProcessor({
    exporter,
    maxExportBatchSize: spec.batchSize,
    scheduledDelayMillis: 1000,
    maxQueueSize: OTEL_MAX_QUEUE_SIZE,
  });
  const provider = new LoggerProvider({ processors: [processor] });
  const logger = provider.getLogger("hookline-bench");
  return {
    paths: [path],
    hasFlush: true,
    log(event: StandardLoggingPayload) {
      const attributes: AnyValueMap = { [EVENT_ID_ATTRIBUTE]: event.id, "event.name": "litellm.standard_logging_payload" };
      logger.emit({ severityNumber: SeverityNumber.INFO, severityText: "INFO", body: event as AnyValue, attributes });
    },
    async finish() {
      await provider.forceFlush();
      await provider.shutdown();
    },
    notes: [`BatchLogRecordProcessor: maxExportBatchSize ${spec.batchSize}, scheduledDelayMillis 1000, maxQueueSize ${OTEL_MAX_QUEUE_SIZE} (SDK default 2048); one export in flight at a time (SDK design)`],
  };
}
