import { createHash } from "node:crypto";

/**
 * The JetStream message id of an event: a SHA-256 digest of its bytes (base64url). The same event
 * published again, by a retry of the exporter or by LiteLLM sending the same body again after an
 * unanswered request, gets the same id and is dropped by the stream as a duplicate within its
 * `duplicate_window`. A digest rather than the payload's `id` field: LiteLLM logs more than one
 * event for a call id (a failed attempt, then the fallback's success), which must not be merged.
 */
export function messageId(event: Uint8Array): string {
  return createHash("sha256").update(event).digest("base64url");
}
