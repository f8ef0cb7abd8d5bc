import type { ExportFailure, ExportRetryable } from "@hookline/core";

const descriptions: Readonly<Record<string, string>> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ECONNABORTED: "connection aborted",
  EPIPE: "connection closed while sending",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  EHOSTDOWN: "host down",
  ENETDOWN: "network down",
  ENOTFOUND: "DNS lookup failed",
  EAI_AGAIN: "DNS lookup failed temporarily",
  EAI_FAIL: "DNS lookup failed",
  UND_ERR_SOCKET: "socket closed",
  UND_ERR_CONNECT_TIMEOUT: "connect timed out",
  UND_ERR_HEADERS_TIMEOUT: "timed out waiting for response headers",
  UND_ERR_BODY_TIMEOUT: "timed out reading the response body",
  UND_ERR_HEADERS_OVERFLOW: "response headers too large",
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: "response shorter or longer than its Content-Length",
  UND_ERR_REQ_CONTENT_LENGTH_MISMATCH: "request body length mismatch",
  UND_ERR_ABORTED: "request aborted",
  UND_ERR_CLOSED: "dispatcher closed",
  UND_ERR_DESTROYED: "dispatcher destroyed",
  UND_ERR_INFO: "protocol error",
  HPE_INVALID_CONSTANT: "malformed HTTP response",
};

// The request itself is malformed (e.g. a header value with a line break); sending the same
// request again cannot succeed, so retrying would only delay the dead letter.
const permanentCodes = new Set(["UND_ERR_INVALID_ARG", "UND_ERR_NOT_SUPPORTED", "ERR_INVALID_ARG_TYPE", "ERR_INVALID_ARG_VALUE", "ERR_INVALID_URL"]);

/**
 * Turns an error thrown while sending a request into an export result: a `retryable` one for
 * network trouble (refused, reset, DNS, socket closed, undici errors), a `failure` for a
 * request that can never be sent. The reason names the error code and `target`, which must
 * already be safe to print (see `redactUrl`).
 *
 * The error's own message is only used when its code is unknown, after passing it through
 * `redactMessage`, which should mask whatever the caller knows to be secret.
 *
 * @example
 * ```ts
 * classifyRequestError(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }), "http://127.0.0.1:1234/logs");
 * // { kind: "retryable", reason: "connection refused (ECONNREFUSED) to http://127.0.0.1:1234/logs" }
 * ```
 */
export function classifyRequestError(
  error: unknown,
  target: string,
  redactMessage: (message: string) => string = (message) => message,
): ExportRetryable | ExportFailure {
  const code = errorCode(error);
  const description = code === undefined ? undefined : descriptions[code] ?? tlsDescription(code);
  let reason: string;
  if (description !== undefined) {
    reason = `${description} (${code}) to ${target}`;
  } else {
    const message = redactMessage(errorMessage(error));
    const label = permanentCodes.has(code ?? "") ? "invalid request" : "network error";
    reason = `${label}${code === undefined ? "" : ` (${code})`}${message ? `: ${message}` : ""} to ${target}`;
  }
  return code !== undefined && permanentCodes.has(code) ? { kind: "failure", reason } : { kind: "retryable", reason };
}

function tlsDescription(code: string): string | undefined {
  return code.startsWith("ERR_TLS_") || code.startsWith("ERR_SSL_") || code.includes("CERT") ? "TLS error" : undefined;
}

// Node reports happy-eyeballs failures as an AggregateError and fetch-style APIs wrap the real
// error in `cause`, so the useful code may sit one or two levels down.
function errorCode(error: unknown, depth = 0): string | undefined {
  if (typeof error !== "object" || error === null || depth > 3) return undefined;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === "string" && code !== "") return code;
  const nested = errorCode(cause, depth + 1);
  if (nested !== undefined) return nested;
  return Array.isArray(errors) ? errorCode(errors[0], depth + 1) : undefined;
}

function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : typeof error === "string" ? error : "";
  return message.replace(/\s+/g, " ").trim().slice(0, 200);
}
