import { createRegistry, type StandardLoggingPayload } from "@hookline/core";
import { describe, expect, it } from "vitest";
import { excludeFieldsProcessor } from "./exclude-fields.js";
import { deepFreeze, litellmEvents } from "./litellm-events.test-support.js";

const create = (fields: string[]) => createRegistry([excludeFieldsProcessor]).processor("exclude_fields", { fields }, { callbackName: "api" }, "callback_settings.api.processors[0].options");
const run = async (fields: string[], payload: StandardLoggingPayload) => (await create(fields)).process(deepFreeze(payload), { eventType: "llm_api_success" }) as Record<string, any>;

describe("exclude_fields", () => {
  it("removes top-level fields, as LiteLLM's standard_logging_payload_excluded_fields does", async () => {
    const input = litellmEvents().chat;
    const out = await run(["messages", "response", "hidden_params"], input);
    expect(Object.keys(out)).toEqual(Object.keys(input).filter((key) => !["messages", "response", "hidden_params"].includes(key)));
    expect(out["metadata"]).toBe(input.metadata);
  });

  it("removes nested fields by dotted path, copying only what is on the way", async () => {
    const input = litellmEvents().chat;
    const out = await run(["metadata.requester_ip_address", "hidden_params.additional_headers", "metadata.requester_metadata.headers"], input);
    expect(out["metadata"]).not.toHaveProperty("requester_ip_address");
    expect(out["hidden_params"]).not.toHaveProperty("additional_headers");
    expect(Object.keys(out["metadata"])).toHaveLength(Object.keys(input.metadata!).length - 1);
    expect(out["metadata"].user_api_key_team_id).toBe(input.metadata!.user_api_key_team_id);
    expect(out["hidden_params"].model_id).toBe(input.hidden_params!.model_id);
    expect(out["response"]).toBe(input.response);
  });

  it("a path through an array applies to each element", async () => {
    const out = await run(["messages.content", "response.choices.message.content"], litellmEvents().tools);
    expect(out["messages"]).toEqual([{ role: "system" }, { role: "user" }]);
    expect(out["response"].choices[0].message).toEqual({ role: "assistant", tool_calls: null, function_call: null });
  });

  it("returns the payload itself when no listed field exists", async () => {
    const input = litellmEvents().embedding;
    expect(await run(["nope", "metadata.nope", "model.length", "messages.nope"], input)).toBe(input);
    const empty = {};
    expect(await run(["a"], empty)).toBe(empty);
  });

  it("names the option of a malformed path", async () => {
    await expect(create(["ok", "metadata..x"])).rejects.toThrow(/invalid options for processor "exclude_fields":\nfields\[1\]: "metadata\.\.x" is not a dotted path/);
    await expect(create([""])).rejects.toThrow(/callback_settings\.api\.processors\[0\]\.options\.fields\.0: must NOT have fewer than 1 characters/);
  });
});
