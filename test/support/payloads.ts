import type { StandardLoggingPayload } from "@hookline/core";

/** A small successful payload: `{ id, status: "success", model: "gpt-4o", response_cost: 0.001 }`. */
export function success(id: string, extra: Record<string, unknown> = {}): StandardLoggingPayload {
  return { id, status: "success", model: "gpt-4o", response_cost: 0.001, ...extra } as StandardLoggingPayload;
}

/** A small failed payload. */
export function failure(id: string, extra: Record<string, unknown> = {}): StandardLoggingPayload {
  return { id, status: "failure", model: "gpt-4o", response_cost: 0, error_str: "RateLimitError", ...extra } as StandardLoggingPayload;
}

/** `count` successful payloads with ids `${prefix}1`...`${prefix}count`. */
export function successes(count: number, prefix = "e"): StandardLoggingPayload[] {
  return Array.from({ length: count }, (_, i) => success(`${prefix}${i + 1}`));
}

/** The `id` of each item. */
export function idsOf(items: readonly unknown[]): unknown[] {
  return items.map((item) => (item as { id?: unknown }).id);
}
