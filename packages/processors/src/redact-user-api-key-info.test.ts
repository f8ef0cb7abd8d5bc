import { createRegistry } from "@hookline/core";
import { describe, expect, it } from "vitest";
import { deepFreeze, litellmEvents } from "./litellm-events.test-support.js";
import { redactUserApiKeyInfo, redactUserApiKeyInfoProcessor } from "./redact-user-api-key-info.js";

describe("redact_user_api_key_info", () => {
  it("removes every user_api_key* key of a real payload's metadata and keeps the rest, by reference", () => {
    const input = litellmEvents().chat;
    const metadata = input.metadata as Record<string, unknown>;
    const out = redactUserApiKeyInfo(deepFreeze(input));
    const kept = out.metadata as Record<string, unknown>;
    expect(Object.keys(metadata).filter((key) => key.startsWith("user_api_key"))).toEqual([
      "user_api_key_hash", "user_api_key_alias", "user_api_key_spend", "user_api_key_max_budget", "user_api_key_budget_reset_at",
      "user_api_key_team_id", "user_api_key_org_id", "user_api_key_user_id", "user_api_key_team_alias", "user_api_key_user_email",
      "user_api_key_end_user_id", "user_api_key_request_route", "user_api_key_auth_metadata",
    ]);
    expect(Object.keys(kept)).toEqual(Object.keys(metadata).filter((key) => !key.startsWith("user_api_key")));
    expect(Object.keys(kept)).toContain("requester_ip_address");
    for (const key of Object.keys(kept)) expect(kept[key]).toBe(metadata[key]);
    for (const key of Object.keys(input)) if (key !== "metadata") expect(out[key]).toBe(input[key]);
  });

  it("returns the payload itself when there is nothing to remove, or no metadata object", () => {
    for (const payload of [{}, { metadata: null }, { metadata: "x" }, { metadata: { team: "t", api_key_user: 1 } }]) {
      expect(redactUserApiKeyInfo(payload as never)).toBe(payload);
    }
    const once = redactUserApiKeyInfo(litellmEvents().rate_limit);
    expect(redactUserApiKeyInfo(once)).toBe(once);
  });

  it("is a processor without options", async () => {
    const registry = createRegistry([redactUserApiKeyInfoProcessor]);
    const processor = await registry.processor("redact_user_api_key_info", {}, { callbackName: "api" });
    const out = processor.process({ metadata: { user_api_key_hash: "h", x: 1 } }, { eventType: "llm_api_success" });
    expect(out).toEqual({ metadata: { x: 1 } });
    await expect(registry.processor("redact_user_api_key_info", { keep: true }, { callbackName: "api" }, "p")).rejects.toThrow(/p\.keep: unknown option/);
  });
});
