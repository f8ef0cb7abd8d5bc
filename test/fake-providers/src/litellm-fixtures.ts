import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { StandardLoggingPayload } from "@hookline/core";

/** The real LiteLLM 1.81.0 payloads, by what they are (see fixtures/README.md). */
export const LITELLM_FIXTURE_INDEX = { chat: 0, stream: 1, tools: 2, embedding: 3, rateLimit: 5, serverError: 6 } as const;

let cached: StandardLoggingPayload[] | undefined;

/** One real LiteLLM 1.81.0 payload. */
export function litellmFixture(name: keyof typeof LITELLM_FIXTURE_INDEX): StandardLoggingPayload {
  cached ??= readFileSync(fileURLToPath(new URL("../fixtures/litellm-1.81.0-events.ndjson", import.meta.url)), "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as StandardLoggingPayload);
  const payload = cached[LITELLM_FIXTURE_INDEX[name]];
  if (payload === undefined) throw new Error(`fixture ${name} missing`);
  return structuredClone(payload);
}

// Fields LiteLLM itself fills with null or a value depending on the call.
const NULLABLE = new Set(["cache_hit", "stream", "cost_breakdown", "error_str", "response_cost", "response_cost_failure_debug_info", "usage_object", "user_api_key_team_id", "user_api_key_end_user_id", "user_api_key_request_route", "model_id", "api_base", "litellm_model_name", "additional_headers", "model_map_value"]);

function kind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/**
 * Where `actual` differs in shape from the real LiteLLM payload `expected`: each field of
 * `expected` (top level, `metadata`, `status_fields`, `error_information`, `hidden_params`,
 * `cost_breakdown`, `model_map_information`) must be in `actual` with the same JSON type
 * (null or a value for the fields LiteLLM itself leaves null sometimes). Empty when alike.
 */
export function shapeDifferences(actual: Record<string, unknown>, expected: Record<string, unknown>, path = ""): string[] {
  const problems: string[] = [];
  for (const [key, want] of Object.entries(expected)) {
    const where = `${path}${key}`;
    if (!(key in actual)) {
      problems.push(`${where}: missing (LiteLLM has ${kind(want)})`);
      continue;
    }
    const got = actual[key];
    const [g, w] = [kind(got), kind(want)];
    if (g !== w && !(NULLABLE.has(key) && (g === "null" || w === "null"))) problems.push(`${where}: ${g}, LiteLLM has ${w}`);
    const nested = ["metadata", "status_fields", "error_information", "hidden_params", "cost_breakdown", "model_map_information"];
    if (path === "" && nested.includes(key) && g === "object" && w === "object") problems.push(...shapeDifferences(got as Record<string, unknown>, want as Record<string, unknown>, `${where}.`));
  }
  return problems;
}
