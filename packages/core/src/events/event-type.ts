/** The event types LiteLLM's generic_api callback knows. */
export const EVENT_TYPES = ["llm_api_success", "llm_api_failure"] as const;

/** `llm_api_success` or `llm_api_failure`. */
export type EventType = (typeof EVENT_TYPES)[number];

/** True when `value` is a known event type. */
export function isEventType(value: unknown): value is EventType {
  return value === "llm_api_success" || value === "llm_api_failure";
}
