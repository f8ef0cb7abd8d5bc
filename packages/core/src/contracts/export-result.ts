/**
 * What one export attempt came to. A small union instead of exceptions, so retry, splitting and
 * dead-lettering can wrap any exporter.
 *
 * - `success`: the endpoint took the body.
 * - `retryable`: a transient failure (network error, timeout, 408, 429, 5xx); try again later,
 *   no sooner than `retryAfterMs` when the endpoint said so.
 * - `failure`: a permanent failure (other 4xx); retrying the same body will not help. A 413
 *   (`status: 413`) or a 400 on a multi-event body may still be split by the delivery layer.
 */
export type ExportResult = ExportSuccess | ExportRetryable | ExportFailure;

/** The endpoint took the body. */
export interface ExportSuccess {
  readonly kind: "success";
  readonly status?: number;
}

/** A transient failure. */
export interface ExportRetryable {
  readonly kind: "retryable";
  /** Human-readable reason; never contains header values or secrets. */
  readonly reason: string;
  readonly status?: number;
  /** From `Retry-After`, when the endpoint sent one. */
  readonly retryAfterMs?: number;
}

/** A permanent failure. */
export interface ExportFailure {
  readonly kind: "failure";
  /** Human-readable reason; never contains header values or secrets. */
  readonly reason: string;
  readonly status?: number;
}
