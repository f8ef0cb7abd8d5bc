import { Type, defineProcessor } from "@hookline/core";
import type { StandardLoggingPayload } from "@hookline/core";
import { stableHash } from "./stable-hash.js";

/** The id an event is sampled by: `id`, else `litellm_call_id`, else `trace_id` (non-empty strings). */
export function sampleKey(payload: StandardLoggingPayload): string | undefined {
  for (const key of ["id", "litellm_call_id", "trace_id"] as const) {
    const value: unknown = payload[key];
    if (typeof value === "string" && value.length > 0) return value;
  }
  return undefined;
}

/**
 * Whether sampling at `rate` keeps the event: its id's FNV-1a hash, read as a number in [0, 1),
 * is below the rate. The same id is always kept or always dropped at the same rate, whichever
 * process or callback decides, and an id kept at one rate is kept at every higher one. An event
 * without any id is kept: it cannot be sampled consistently, and dropping it would lose it
 * without a trace.
 */
export function sampleKeeps(payload: StandardLoggingPayload, rate: number): boolean {
  const key = sampleKey(payload);
  return key === undefined || stableHash(key) < rate;
}

/** Definition of the `sample` processor: keeps a deterministic share of events by id. */
export const sampleProcessor = defineProcessor({
  type: "sample",
  description: "Keeps a share of events (rate 0..1), deterministically by event id; events without an id are kept",
  options: Type.Object(
    {
      rate: Type.Number({ minimum: 0, maximum: 1, description: "Share of events kept: 0 drops all, 1 keeps all" }),
    },
    { additionalProperties: false },
  ),
  create: ({ rate }) => ({ process: (payload) => (sampleKeeps(payload, rate) ? payload : null) }),
});
