import { createRegistry, type StandardLoggingPayload } from "@hookline/core";
import { describe, expect, it } from "vitest";
import { includeFieldsProcessor } from "./include-fields.js";
import { deepFreeze, litellmEvents } from "./litellm-events.test-support.js";

const create = (fields: string[]) => createRegistry([includeFieldsProcessor]).processor("include_fields", { fields }, { callbackName: "api" }, "p");
const run = async (fields: string[], payload: StandardLoggingPayload) => (await create(fields)).process(deepFreeze(payload), { eventType: "llm_api_success" }) as Record<string, any>;

describe("include_fields", () => {
  it("keeps only the listed top-level and nested fields of a real payload", async () => {
    const input = litellmEvents().chat;
    const out = await run(["id", "model", "response_cost", "metadata.user_api_key_team_id", "metadata.requester_metadata", "usage_object"], input);
    expect(out).toEqual({
      id: input.id,
      model: "openai/gpt-3.5-turbo",
      response_cost: 0.000035,
      metadata: { user_api_key_team_id: null, requester_metadata: input.metadata!["requester_metadata"] },
    });
    expect(out["metadata"].requester_metadata).toBe(input.metadata!["requester_metadata"]);
  });

  it("a path through an array applies to each element; elements with nothing kept are left out", async () => {
    const out = await run(["messages.content", "response.choices.message.content", "status"], litellmEvents().tools);
    expect(out).toEqual({ status: "success", messages: [{ content: "sys" }, { content: "tools" }], response: { choices: [{ message: { content: "ok" } }] } });
    const mixed = await run(["messages.content"], { messages: [{ role: "u" }, "text", { content: null }] });
    expect(mixed).toEqual({ messages: [{ content: null }] });
    expect(await run(["messages.content", "id"], { id: "a", messages: [{ role: "u" }, "text"] })).toEqual({ id: "a" });
  });

  it("returns the payload itself when every field is kept, and {} when none is", async () => {
    const input = { id: "a", metadata: { team: "t" } };
    expect(await run(["id", "metadata", "absent"], input)).toBe(input);
    expect(await run(["absent"], input)).toEqual({});
    const empty = {};
    expect(await run(["absent"], empty)).toBe(empty);
  });

  it("needs at least one path, each a dotted path", async () => {
    await expect(create([])).rejects.toThrow(/p\.fields: must NOT have fewer than 1 items/);
    await expect(create(["a."])).rejects.toThrow(/fields\[0\]: "a\." is not a dotted path/);
  });
});
