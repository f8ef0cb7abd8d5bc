import { readFileSync } from "node:fs";
import type { StandardLoggingPayload } from "@hookline/core";

const NAMES = [
  "chat",
  "streamed",
  "tools",
  "embedding",
  "text_completion",
  "rate_limit",
  "internal_server_error",
  "context_window",
  "model_not_found",
  "unicode",
] as const;

/** Name of one payload of the LiteLLM 1.81.0 fixture, in file order. */
export type LiteLLMEventName = (typeof NAMES)[number];

const TEXT = readFileSync(new URL("./fixtures/litellm-1.81.0-events.ndjson", import.meta.url), "utf8");
const LINES = TEXT.trimEnd().split("\n");
if (LINES.length !== NAMES.length) throw new Error(`expected ${NAMES.length} payloads in the fixture, found ${LINES.length}`);

/** The fixture's payloads as LiteLLM posted them, freshly parsed on every call. */
export function litellmEvents(): Record<LiteLLMEventName, StandardLoggingPayload> {
  const events = {} as Record<LiteLLMEventName, StandardLoggingPayload>;
  NAMES.forEach((name, i) => (events[name] = JSON.parse(LINES[i]!) as StandardLoggingPayload));
  return events;
}

/** Every payload of the fixture, freshly parsed. */
export function allLitellmEvents(): StandardLoggingPayload[] {
  return Object.values(litellmEvents());
}

/** Freezes `value` and everything in it, so a processor that writes to its input throws. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
