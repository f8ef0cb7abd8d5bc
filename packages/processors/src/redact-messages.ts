import { Type, defineProcessor } from "@hookline/core";
import type { StandardLoggingPayload } from "@hookline/core";
import { Draft } from "./draft.js";
import { isRecord } from "./is-record.js";
import { redactResponse } from "./redact-response.js";

/** LiteLLM's placeholder for redacted text. */
export const REDACTED_BY_LITELLM = "redacted-by-litellm";

/** Fields of `metadata.routing_decision` that quote the prompt (the auto-router's reasons). */
const ROUTING_QUOTES = ["signals", "matched_keyword", "escalation_keyword"] as const;

/** Top-level fields of LiteLLM's auto-router classifier audit, which hold the request itself. */
const CLASSIFIER_AUDIT = ["classifier_input", "originating_request_masked"] as const;

/**
 * Redacts a payload's messages and response as LiteLLM's `turn_off_message_logging` does,
 * without modifying `payload`: `messages` (when not null) becomes one user message holding the
 * placeholder; `response` is redacted by shape (see {@link redactResponse}); the prompt quotes in
 * `metadata.routing_decision` and the classifier audit fields are removed. Returns `payload`
 * itself when there was nothing left to redact.
 */
export function redactMessages(payload: StandardLoggingPayload, placeholder: string = REDACTED_BY_LITELLM): StandardLoggingPayload {
  const draft = new Draft(payload);
  if (payload.messages != null && !isRedactedMessages(payload.messages, placeholder)) draft.set("messages", [{ role: "user", content: placeholder }]);
  if (payload.response != null) draft.set("response", redactResponse(payload.response, placeholder));
  const metadata: unknown = payload.metadata;
  if (isRecord(metadata) && isRecord(metadata["routing_decision"])) {
    const routing = new Draft(metadata["routing_decision"]);
    for (const key of ROUTING_QUOTES) routing.delete(key);
    if (routing.result !== metadata["routing_decision"]) draft.set("metadata", { ...metadata, routing_decision: routing.result });
  }
  for (const key of CLASSIFIER_AUDIT) draft.delete(key);
  return draft.result;
}

function isRedactedMessages(messages: unknown, placeholder: string): boolean {
  if (!Array.isArray(messages) || messages.length !== 1) return false;
  const [message] = messages as unknown[];
  return isRecord(message) && Object.keys(message).length === 2 && message["role"] === "user" && message["content"] === placeholder;
}

/** Definition of the `redact_messages` processor: LiteLLM's `turn_off_message_logging`, per callback. */
export const redactMessagesProcessor = defineProcessor({
  type: "redact_messages",
  description: "Replaces messages and response texts with a placeholder, as LiteLLM's turn_off_message_logging does",
  options: Type.Object(
    {
      placeholder: Type.String({ default: REDACTED_BY_LITELLM, description: "Text that replaces each redacted text" }),
    },
    { additionalProperties: false },
  ),
  create: ({ placeholder }) => ({ process: (payload) => redactMessages(payload, placeholder) }),
});
