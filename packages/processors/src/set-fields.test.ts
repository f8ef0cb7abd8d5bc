import { createRegistry, type StandardLoggingPayload } from "@hookline/core";
import { describe, expect, it } from "vitest";
import { deepFreeze, litellmEvents } from "./litellm-events.test-support.js";
import { setFieldsProcessor } from "./set-fields.js";

const create = (fields: Record<string, unknown>) => createRegistry([setFieldsProcessor]).processor("set_fields", { fields }, { callbackName: "api" }, "p");
const run = async (fields: Record<string, unknown>, payload: StandardLoggingPayload) => (await create(fields)).process(deepFreeze(payload), { eventType: "llm_api_success" }) as Record<string, any>;

describe("set_fields", () => {
  it("sets top-level and nested fields on a real payload, keeping everything else by reference", async () => {
    const input = litellmEvents().rate_limit;
    const out = await run({ environment: "prod", "metadata.service": { name: "api", tier: 2 }, "hidden_params.region": null }, input);
    expect(out["environment"]).toBe("prod");
    expect(out["metadata"].service).toEqual({ name: "api", tier: 2 });
    expect(out["hidden_params"].region).toBeNull();
    expect(out["metadata"].user_api_key_spend).toBe(0);
    expect(out["error_information"]).toBe(input.error_information);
    expect(Object.keys(out).slice(0, Object.keys(input).length)).toEqual(Object.keys(input));
  });

  it("replaces existing values, creates missing or null objects, sets each element of an array", async () => {
    expect(await run({ model: "x", "a.b.c": 1, "n.k": true }, { model: "m", n: null })).toEqual({ model: "x", a: { b: { c: 1 } }, n: { k: true } });
    expect(await run({ "messages.tagged": true }, { messages: [{ role: "u" }, "s", null] })).toEqual({ messages: [{ role: "u", tagged: true }, "s", null] });
    expect(await run({ service: { name: "api" } }, { service: { name: "api", extra: 1 } })).toEqual({ service: { name: "api" } });
    expect(await run({ service: { name: "api", tier: 2 } }, { service: { name: "api" } })).toEqual({ service: { name: "api", tier: 2 } });
    expect(await run({ tags: ["a", "b"] }, { tags: ["a"] })).toEqual({ tags: ["a", "b"] });
  });

  it("returns the payload itself when every field already holds its value; leaves non-objects on the way alone", async () => {
    const input = { environment: "prod", metadata: { service: { name: "api" } }, model: "m" };
    expect(await run({ environment: "prod", "metadata.service": { name: "api" } }, input)).toBe(input);
    expect(await run({ "model.version": 1 }, input)).toBe(input);
  });

  it("shares one frozen copy of each value, so neither the options nor one event can change another", async () => {
    const value = { name: "api" };
    const processor = await create({ service: value });
    value.name = "changed";
    const a = processor.process({ id: "a" }, { eventType: "llm_api_success" }) as Record<string, any>;
    const b = processor.process({ id: "b" }, { eventType: "llm_api_success" }) as Record<string, any>;
    expect(a["service"]).toEqual({ name: "api" });
    expect(Object.isFrozen(a["service"])).toBe(true);
    expect(() => (a["service"].name = "x")).toThrow(TypeError);
    expect(b["service"]).toEqual({ name: "api" });
  });

  it("names a malformed path", async () => {
    await expect(create({ "metadata..x": 1 })).rejects.toThrow(/fields\.metadata\.\.x: "metadata\.\.x" is not a dotted path/);
    await expect(create({ "": 1 })).rejects.toThrow(/fields\.: "" is not a dotted path/);
  });
});
