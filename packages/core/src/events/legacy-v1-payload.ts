/**
 * Members every legacy v1 payload has. LiteLLM's `generic_api` callback with
 * `generic_api_use_v1: true` sends the old shape: a fixed set of fields (`id`, `call_type`,
 * `cache_hit`, `startTime`, `endTime`, `model`, `user`, `modelParameters`, `messages`,
 * `response`, `usage`, `metadata`, `cost`), every value turned into a string with Python's
 * `str()` (`"cache_hit": "None"`, `"startTime": "2026-12-02 07:33:57.615033"`), and no `status`.
 */
const LEGACY_V1_MEMBERS = ["id", "call_type", "startTime", "endTime", "model"] as const;

/**
 * True for a payload of LiteLLM's legacy v1 shape (see {@link LEGACY_V1_MEMBERS}): an object
 * without `status` whose values are all strings and that has the members every v1 payload has.
 * Such a payload does not meet the `StandardLoggingPayload` schema (its times and flags are
 * strings) but is what LiteLLM really sends in that mode, so it is accepted as it is, as a
 * success (LiteLLM sends no failure events in v1 mode).
 */
export function isLegacyV1Payload(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  if ("status" in record || "status_fields" in record) return false;
  for (const name of LEGACY_V1_MEMBERS) if (typeof record[name] !== "string") return false;
  for (const member of Object.values(record)) if (typeof member !== "string") return false;
  return true;
}
