import type { ExportResult } from "@hookline/core";
import type { Dispatcher } from "undici";

/** Response headers as undici parses them (lower-case names). */
export type ResponseHeaders = Record<string, string | string[] | undefined>;

/** What an attempt needs from its exporter besides the request. */
export interface AttemptPolicy {
  readonly timeoutMs: number;
  /** How many bytes of a response body to keep for the result's reason (0: none). */
  keepBytes(status: number, headers: ResponseHeaders): number;
  /** The result of a response, given the body bytes kept (undefined when it broke off). */
  resultOf(status: number, headers: ResponseHeaders, kept: Buffer | undefined): ExportResult;
  /** The result of an attempt that failed for `error` without a usable response. */
  resultOfError(error: unknown, cause: "timeout" | "aborted" | "error"): ExportResult;
}

/**
 * Past this many response bytes the rest is not read: the connection is closed instead, which
 * costs less than downloading a huge response nobody reads.
 */
const READ_LIMIT_BYTES = 256 * 1024;

/**
 * Makes one request with `dispatcher.dispatch` and reads its response as it arrives. Resolves,
 * never rejects. The attempt ends early when `signal` aborts or after `policy.timeoutMs`.
 *
 * It is undici's `request()` without what an exporter does not use: no `AbortSignal` of its own
 * and none handed to undici (each costs several µs to create and to listen to), no readable
 * stream or promise for the response body. On a loopback endpoint that took a third off the
 * exporter's CPU per request.
 *
 * It stays because it pays end to end: `hookline run` with `HOOKLINE_HTTP_SEND=request`
 * (http-request.ts, undici's `request()`) took 1.17× and 1.15× the relay CPU per input event in
 * two runs of 5 (1.35× in a third of 3 on a quieter machine) (8 of the 10 per-run ratios above 1.00; an A/A run of the relay against itself
 * gave 0.91× and 1.02×), and the exporter alone 143–161 µs of CPU per request against 188–311 µs
 * through `request()` (bench/README.md, "Mechanisms on and off").
 */
export function sendAttempt(dispatcher: Dispatcher, request: Dispatcher.DispatchOptions, signal: AbortSignal, policy: AttemptPolicy): Promise<ExportResult> {
  return new Promise<ExportResult>((resolve) => new HttpAttempt(signal, policy, resolve).send(dispatcher, request));
}

class HttpAttempt implements Dispatcher.DispatchHandler {
  readonly #signal: AbortSignal;
  readonly #policy: AttemptPolicy;
  readonly #resolve: (result: ExportResult) => void;
  readonly #onAbort = (): void => this.#abort("aborted", this.#signal.reason);
  #controller: Dispatcher.DispatchController | undefined;
  /** Why the attempt was stopped; its undici request is aborted as soon as it has a controller. */
  #stopped: { cause: "timeout" | "aborted"; reason: Error } | undefined;
  #timer: NodeJS.Timeout | undefined;
  #status = 0;
  #headers: ResponseHeaders = {};
  #keep = 0;
  #kept: Buffer[] = [];
  #keptBytes = 0;
  #seen = 0;
  #settled = false;

  constructor(signal: AbortSignal, policy: AttemptPolicy, resolve: (result: ExportResult) => void) {
    this.#signal = signal;
    this.#policy = policy;
    this.#resolve = resolve;
  }

  send(dispatcher: Dispatcher, request: Dispatcher.DispatchOptions): void {
    this.#signal.addEventListener("abort", this.#onAbort, { once: true });
    const timeoutMs = this.#policy.timeoutMs;
    this.#timer = setTimeout(() => this.#abort("timeout", new Error(`timed out after ${timeoutMs}ms`)), timeoutMs);
    // A dispatcher that refuses the request at once reports it through onResponseError.
    dispatcher.dispatch(request, this);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#stopped !== undefined) controller.abort(this.#stopped.reason);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: ResponseHeaders): void {
    this.#status = statusCode;
    this.#headers = headers;
    this.#keep = statusCode >= 200 && statusCode < 300 ? 0 : this.#policy.keepBytes(statusCode, headers);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#keptBytes < this.#keep) {
      const part = chunk.subarray(0, this.#keep - this.#keptBytes);
      this.#kept.push(Buffer.from(part));
      this.#keptBytes += part.length;
    }
    this.#seen += chunk.length;
    if (this.#seen > READ_LIMIT_BYTES && !this.#settled) {
      this.#settle(this.#policy.resultOf(this.#status, this.#headers, this.#keptBody()));
      controller.abort(new Error("response body not read past its first 256 KB"));
    }
  }

  onResponseEnd(): void {
    const result = this.#policy.resultOf(this.#status, this.#headers, this.#keptBody());
    // undici hands a finished connection back to its pool one event-loop turn after the body
    // ends: its HTTP/1 client queues a setImmediate right after this call returns. Queuing ours
    // behind it (from a microtask, which runs once this call has returned) lets the next
    // request, often sent as soon as this one resolves, reuse the connection instead of
    // opening another.
    queueMicrotask(() => setImmediate(() => this.#settle(result)));
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    const status = this.#status;
    if (this.#stopped !== undefined) this.#settle(this.#policy.resultOfError(error, this.#stopped.cause));
    // A success cut short may not have been kept by the endpoint: retry (a duplicate beats a
    // loss). An error status decides the result by itself; the body only loses its snippet.
    // An informational (1xx) status is no answer yet: the request failed for `error`.
    else if (status >= 300) this.#settle(this.#policy.resultOf(status, this.#headers, undefined));
    else this.#settle(this.#policy.resultOfError(error, "error"));
  }

  #keptBody(): Buffer {
    return this.#kept.length === 1 ? this.#kept[0]! : Buffer.concat(this.#kept);
  }

  #abort(cause: "timeout" | "aborted", reason: unknown): void {
    if (this.#settled || this.#stopped !== undefined) return;
    const error = reason instanceof Error ? reason : new Error(String(reason));
    this.#stopped = { cause, reason: error };
    this.#controller?.abort(error);
  }

  #settle(result: ExportResult): void {
    if (this.#settled) return;
    this.#settled = true;
    clearTimeout(this.#timer);
    this.#signal.removeEventListener("abort", this.#onAbort);
    this.#resolve(result);
  }
}
