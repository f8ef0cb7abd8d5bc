import { defineProcessor } from "@hookline/core";
import type { StandardLoggingPayload } from "@hookline/core";
import { isRecord } from "./is-record.js";

const PREFIX = "user_api_key";

/**
 * Removes every `metadata` key that starts with `user_api_key` (hash, alias, team, user, email,
 * auth metadata, spend, budget, ...), as LiteLLM's `redact_user_api_key_info` does. Returns
 * `payload` itself when there is none.
 */
export function redactUserApiKeyInfo(payload: StandardLoggingPayload): StandardLoggingPayload {
  const metadata: unknown = payload.metadata;
  if (!isRecord(metadata)) return payload;
  const keys = Object.keys(metadata);
  if (!keys.some((key) => key.startsWith(PREFIX))) return payload;
  const kept: Record<string, unknown> = {};
  for (const key of keys) if (!key.startsWith(PREFIX)) kept[key] = metadata[key];
  return { ...payload, metadata: kept };
}

/** Definition of the `redact_user_api_key_info` processor (no options). */
export const redactUserApiKeyInfoProcessor = defineProcessor({
  type: "redact_user_api_key_info",
  description: "Removes the metadata keys that start with user_api_key, as LiteLLM's redact_user_api_key_info does",
  create: () => ({ process: redactUserApiKeyInfo }),
});
