import type { StandardLoggingPayload } from "@hookline/core";
import type { CallMetadata } from "./call-metadata.js";

/** Anything with a `log(payload)`: a hookline `Pipeline`, or your own. */
export interface PayloadSink {
  log(payload: StandardLoggingPayload): void;
}

/** Options every hookline SDK wrapper takes. */
export interface InstrumentOptions {
  /**
   * Where each call's payload goes: a function, or an object with `log` (a pipeline from
   * `createPipeline`). A push; it must not block.
   */
  readonly log: ((payload: StandardLoggingPayload) => void) | PayloadSink;
  /** Metadata put on every call (below {@link withCallMetadata} and `callMetadata`). */
  readonly metadata?: CallMetadata;
  /** LiteLLM's `turn_off_message_logging`: messages and response texts become `redacted-by-litellm`. @default false */
  readonly turnOffMessageLogging?: boolean;
  /**
   * Receives what went wrong while building or logging a payload; the call itself never sees it.
   * @default process.emitWarning (type `HooklineWarning`)
   */
  readonly onError?: (error: unknown) => void;
  /**
   * Values masked in a failure's `error_str` and `error_information` (a provider may echo the
   * API key in its error message). The SDK wrappers add the client's API key themselves.
   */
  readonly secrets?: readonly string[];
}
