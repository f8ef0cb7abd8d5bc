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
export { createLogEvent, eventByteLength, eventJson, eventTypeOf } from "./events/log-event.js";
export type { LogEvent } from "./events/log-event.js";
export { safeJsonStringify } from "./events/safe-json.js";

export type { Formatter } from "./contracts/formatter.js";
export type { Exporter, ExportOptions, ExportRequest } from "./contracts/exporter.js";
export type { ExportResult, ExportSuccess, ExportRetryable, ExportFailure } from "./contracts/export-result.js";
export type {
  ComponentDefinition,
  ExporterContext,
  ExporterDefinition,
  FormatterDefinition,
  JsonSchema,
} from "./contracts/component-definition.js";

export type { DeliveryOptions, QueueFullPolicy, RetryOptions } from "./delivery/delivery-options.js";
export type { CallbackConfig, HooklineConfig } from "./config/callback-config.js";
