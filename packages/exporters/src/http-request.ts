import type { ExportResult } from "@hookline/core";
import type { Dispatcher } from "undici";
import type { AttemptPolicy, ResponseHeaders } from "./http-attempt.js";

/**
 * Past this many response bytes the rest is not read: the connection is closed instead, which
 * costs less than downloading a huge response nobody reads.
 */
const READ_LIMIT_BYTES = 256 * 1024;

/**
 * Makes one request with undici's `request()` and reads its response. Resolves, never rejects.
 * The attempt ends early when `signal` aborts or after `policy.timeoutMs`.
 */
export async function requestAttempt(dispatcher: Dispatcher, request: Dispatcher.DispatchOptions, signal: AbortSignal, policy: AttemptPolicy): Promise<ExportResult> {
  const controller = new AbortController();
  let cause: "timeout" | "aborted" | undefined;
  const onAbort = (): void => {
    cause ??= "aborted";
    controller.abort(signal.reason);
  };
  signal.addEventListener("abort", onAbort, { once: true });
  const timer = setTimeout(() => {
    cause ??= "timeout";
    controller.abort(new Error(`timed out after ${policy.timeoutMs}ms`));
  }, policy.timeoutMs);
  let status = 0;
  let headers: ResponseHeaders = {};
  try {
    const response = await dispatcher.request({ ...request, signal: controller.signal });
    status = response.statusCode;
    headers = response.headers;
    const keep = status >= 200 && status < 300 ? 0 : policy.keepBytes(status, headers);
    const kept: Buffer[] = [];
    let keptBytes = 0;
    let seen = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      if (keptBytes < keep) {
        const part = chunk.subarray(0, keep - keptBytes);
        kept.push(Buffer.from(part));
        keptBytes += part.length;
      }
      seen += chunk.length;
      // Leaving the loop destroys the body, which closes the connection.
      if (seen > READ_LIMIT_BYTES) break;
    }
    // undici hands a finished connection back to its pool one event-loop turn after the body
    // ends (a setImmediate): waiting for it lets the next request, often sent as soon as this
    // one resolves, reuse the connection instead of opening another.
    await new Promise((resolve) => setImmediate(resolve));
    return policy.resultOf(status, headers, Buffer.concat(kept));
  } catch (error) {
    if (cause !== undefined) return policy.resultOfError(error, cause);
    // A success cut short may not have been kept by the endpoint: retry (a duplicate beats a
    // loss). An error status decides the result by itself; the body only loses its snippet.
    // An informational (1xx) status is no answer yet: the request failed for `error`.
    if (status >= 300) return policy.resultOf(status, headers, undefined);
    return policy.resultOfError(error, "error");
  } finally {
    clearTimeout(timer);
    signal.removeEventListener("abort", onAbort);
  }
}
