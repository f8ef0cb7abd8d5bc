import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { SecretScrubber, type StandardLoggingPayload } from "@hookline/core";
import { redactMessages } from "@hookline/processors/redact-messages";
import { buildPayload } from "./build-payload.js";
import type { CallStart, CallSuccess } from "./call-description.js";
import { currentCallMetadata, mergeCallMetadata, type CallMetadata } from "./call-metadata.js";
import type { InstrumentOptions } from "./instrument-options.js";

/** One call in flight. Every method is safe: it never throws, and only the first outcome counts. */
export interface CallRecorder {
  /** Marks the first chunk of a stream (only the first mark counts). */
  firstChunk(): void;
  succeed(result: CallSuccess): void;
  fail(error: unknown): void;
}

/** Starts recorders for calls; what SDK wrappers are built on. */
export interface Instrumentation {
  /** Records the start of a call now. */
  start(call: CallStart): CallRecorder;
  /** Hands a wrapper's own failure to `onError` (never throws). */
  reportError(error: unknown): void;
}

/** Epoch milliseconds with sub-millisecond precision. */
const now = (): number => performance.timeOrigin + performance.now();

/**
 * Builds the instrumentation an SDK wrapper uses: each call's payload is built when it ends and
 * handed to `options.log`. Failures in building or logging go to `onError`, never to the call.
 *
 * @example
 * ```ts
 * const instrumentation = createInstrumentation({ log: pipeline, metadata: { tags: ["prod"] } });
 * const call = instrumentation.start({ callType: "acompletion", provider: "openai", model, stream: false, messages, modelParameters });
 * call.succeed({ id: response.id, response, usage: { promptTokens: 10, completionTokens: 2 } });
 * ```
 */
export function createInstrumentation(options: InstrumentOptions): Instrumentation {
  const sink = options.log;
  const log = typeof sink === "function" ? sink : (payload: StandardLoggingPayload) => sink.log(payload);
  const onError = options.onError ?? warn;
  const redact = options.turnOffMessageLogging === true;
  const scrubber = new SecretScrubber();
  for (const secret of options.secrets ?? []) if (typeof secret === "string") scrubber.add(secret);
  return {
    reportError: (error) => safely(onError, error),
    start(call) {
      const start = now();
      let firstChunk: number | undefined;
      let done = false;
      let metadata: CallMetadata;
      try {
        metadata = mergeCallMetadata(options.metadata, currentCallMetadata(), call.requestMetadata);
      } catch (err) {
        onError(err);
        metadata = {};
      }
      const finish = (outcome: Parameters<typeof buildPayload>[1]): void => {
        if (done) return;
        done = true;
        try {
          const ids = { callId: randomUUID(), traceId: randomUUID() };
          const end = now();
          // Copies, so that what the caller does with its messages array and the response
          // afterwards (the next turn's push) does not change the logged call.
          const snapshot = { ...call, messages: copy(call.messages) };
          const settled = outcome.ok ? { ok: true as const, value: { ...outcome.value, response: copy(outcome.value.response) } } : outcome;
          const built = buildPayload(snapshot, settled, { start, end, firstChunk }, ids, metadata) as StandardLoggingPayload;
          if (!outcome.ok) scrubFailure(built, scrubber);
          log(redact ? redactMessages(built) : built);
        } catch (err) {
          safely(onError, err);
        }
      };
      return {
        firstChunk() {
          if (firstChunk === undefined) firstChunk = now();
        },
        succeed: (value) => finish({ ok: true, value }),
        fail: (error) => finish({ ok: false, error }),
      };
    },
  };
}

function scrubFailure(payload: StandardLoggingPayload, scrubber: SecretScrubber): void {
  if (typeof payload.error_str === "string") payload.error_str = scrubber.scrub(payload.error_str);
  const info = payload.error_information;
  if (info == null) return;
  for (const key of ["error_message", "traceback"] as const) {
    const value = info[key];
    if (typeof value === "string") info[key] = scrubber.scrub(value);
  }
}

// structuredClone refuses functions and class instances it does not know; JSON keeps what a log can hold.
function copy(value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch {
    return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
  }
}

function safely(onError: (error: unknown) => void, err: unknown): void {
  try {
    onError(err);
  } catch {
    // The caller's call must not see a failing error handler either.
  }
}

function warn(error: unknown): void {
  process.emitWarning(`hookline: a call's log payload was not logged: ${error instanceof Error ? error.message : String(error)}`, {
    type: "HooklineWarning",
    code: "HOOKLINE_INSTRUMENT_FAILED",
  });
}
