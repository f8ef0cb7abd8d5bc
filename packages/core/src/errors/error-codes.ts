/** Stable error codes carried by every {@link HooklineError}. */
export const ErrorCodes = {
  /** A configuration file or object is invalid. */
  CONFIG_INVALID: "ERR_CONFIG_INVALID",
  /** A configuration file could not be read or parsed. */
  CONFIG_UNREADABLE: "ERR_CONFIG_UNREADABLE",
  /** A referenced environment variable is not set. */
  ENV_MISSING: "ERR_ENV_MISSING",
  /** A formatter, exporter or callback name is not known. */
  UNKNOWN_COMPONENT: "ERR_UNKNOWN_COMPONENT",
  /** A component definition is malformed (bad name, a schema that does not compile, ...). */
  COMPONENT_INVALID: "ERR_COMPONENT_INVALID",
  /** A component's options do not match its schema. */
  COMPONENT_OPTIONS_INVALID: "ERR_COMPONENT_OPTIONS_INVALID",
  /** An event is not a valid StandardLoggingPayload. */
  EVENT_INVALID: "ERR_EVENT_INVALID",
  /** The pipeline has been shut down. */
  PIPELINE_CLOSED: "ERR_PIPELINE_CLOSED",
  /** A spool or dead-letter file could not be written. */
  STORAGE_FAILED: "ERR_STORAGE_FAILED",
  /** The HTTP receiver could not listen (port in use, unknown host). */
  LISTEN_FAILED: "ERR_LISTEN_FAILED",
} as const;

/** One of the values of {@link ErrorCodes}. */
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
