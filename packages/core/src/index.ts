export { ErrorCodes } from "./errors/error-codes.js";
export type { ErrorCode } from "./errors/error-codes.js";
export { HooklineError, configError, formatIssues } from "./errors/hookline-error.js";
export type { ConfigIssue, HooklineErrorOptions } from "./errors/hookline-error.js";

export { EVENT_TYPES, isEventType } from "./events/event-type.js";
export type { EventType } from "./events/event-type.js";
export type {
  StandardLoggingPayload,
  StandardLoggingMetadata,
  StatusFields,
  ErrorInformation,
  CostBreakdown,
  HiddenParams,
} from "./events/standard-logging-payload.js";
export { createLogEvent, eventByteLength, eventJson, eventTypeOf, joinEventJson } from "./events/log-event.js";
export type { EventFrame } from "./events/log-event.js";
export type { LogEvent } from "./events/log-event.js";
export { safeJsonStringify } from "./events/safe-json.js";
export { viaOf } from "./events/via-of.js";
export { repairNonFiniteJson, describeNonFiniteRepairs } from "./events/repair-non-finite-json.js";
export type { NonFiniteRepair, NonFiniteRepairResult } from "./events/repair-non-finite-json.js";
export { isLegacyV1Payload } from "./events/legacy-v1-payload.js";
export { readPayloadArray, readPayloadArrayChunks, readPayloadJson } from "./events/payload-text.js";
export { ChunkedBytes, type ByteRanges } from "./events/byte-ranges.js";
export type { MalformedJson, PayloadRead } from "./events/payload-text.js";

export type { Formatter } from "./contracts/formatter.js";
export type { Processor, ProcessContext } from "./contracts/processor.js";
export type { Source, SourceSink } from "./contracts/source.js";
export { awaitSettlements, worseOutcome } from "./events/event-outcome.js";
export type { EventOutcome } from "./events/event-outcome.js";
export type { Exporter, ExportOptions, ExportRequest } from "./contracts/exporter.js";
export type { ExportResult, ExportSuccess, ExportRetryable, ExportFailure } from "./contracts/export-result.js";
export type {
  ComponentDefinition,
  ExporterContext,
  ExporterDefinition,
  FormatterDefinition,
  JsonSchema,
  ProcessorContext,
  ProcessorDefinition,
  SourceContext,
  SourceDefinition,
} from "./contracts/component-definition.js";
export { defineExporter, defineFormatter, defineProcessor, defineSource } from "./registry/define-component.js";
export type { ComponentSpec, OptionsOf } from "./registry/define-component.js";
export { componentNameProblem, isTypeName } from "./registry/component-name.js";
export { Type } from "@sinclair/typebox";
export type { Static, TSchema } from "@sinclair/typebox";

export type { DeliveryOptions, QueueFullPolicy, RetryOptions } from "./delivery/delivery-options.js";

export { ofEventTypes } from "./operators/of-event-types.js";
export type { OfEventTypesOptions } from "./operators/of-event-types.js";
export { applyProcessors } from "./operators/apply-processors.js";
export type { ApplyProcessorsOptions } from "./operators/apply-processors.js";
export { admit } from "./operators/admit.js";
export { batch } from "./operators/batch.js";
export type { BatchOptions } from "./operators/batch.js";
export { format, encodeBatch } from "./operators/format.js";
export type { FormattedBatch } from "./operators/format.js";
export { deliver } from "./operators/deliver.js";
export type { DeliverOptions } from "./operators/deliver.js";
export { SERIALIZE_SLICE_MS, Sender } from "./delivery/sender.js";
export type { SenderHooks } from "./delivery/sender.js";
export { backoffDelay } from "./delivery/backoff.js";
export { DELIVERY_DEFAULTS, resolveDeliveryOptions } from "./delivery/resolve-delivery-options.js";
export type { ResolvedDeliveryOptions } from "./delivery/resolve-delivery-options.js";
export type { AttemptInfo, DeliveryReport, DropReason } from "./delivery/delivery-report.js";
export { CallbackMetricsRecorder, LATENCY_BUCKETS_SECONDS } from "./metrics/callback-metrics.js";
export type { CallbackMetrics, StatusClass } from "./metrics/callback-metrics.js";
export { callbackBranch } from "./pipeline/callback-branch.js";
export { ProcessorChain } from "./pipeline/processor-chain.js";
export type { ChainResult } from "./pipeline/processor-chain.js";
export { DeliveryQueue } from "./delivery/delivery-queue.js";
export type { DeliveryQueueOptions } from "./delivery/delivery-queue.js";
export type { CallbackOptions } from "./pipeline/callback-options.js";
export { createPipeline } from "./pipeline/pipeline.js";
export type { OfferResult, Pipeline, PipelineOptions, ShutdownReport } from "./pipeline/pipeline.js";
export { createRegistry } from "./registry/component-registry.js";
export { isPackageName } from "./registry/component-name.js";
export type { ComponentRegistry, RegistryOptions } from "./registry/component-registry.js";
export { validateOptions } from "./registry/validate-options.js";
export { payloadProblem, standardLoggingPayloadSchema } from "./events/payload-schema.js";

export { redactUrl } from "./secrets/redact-url.js";
export { deadLetterFile } from "./delivery/dead-letter-file.js";
export type { DeadLetterSink } from "./delivery/dead-letter-file.js";
export { Spool } from "./delivery/spool.js";
export type { OpenedSpool, SpoolOptions } from "./delivery/spool.js";
export type { SpoolDamage } from "./delivery/spool-recovery.js";
export { Batcher } from "./operators/batcher.js";
export type { BatcherOptions } from "./operators/batcher.js";

export { isMaskable, MIN_SECRET_LENGTH, SecretScrubber } from "./secrets/secret-scrubber.js";
export { REDACTED } from "./secrets/redacted.js";
export { urlSecretParts } from "./secrets/url-secret-parts.js";
export type { UrlSecretOptions } from "./secrets/url-secret-parts.js";
