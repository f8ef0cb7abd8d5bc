import { createRegistry } from "@hookline/core";
import { describe, expect, it } from "vitest";
import {
  builtinProcessors,
  excludeFieldsProcessor,
  filterProcessor,
  includeFieldsProcessor,
  maskProcessor,
  redactMessagesProcessor,
  redactUserApiKeyInfoProcessor,
  sampleProcessor,
  setFieldsProcessor,
} from "./index.js";

describe("builtinProcessors", () => {
  it("lists LiteLLM's two redactions first, then the others, with distinct snake_case types", () => {
    expect(builtinProcessors).toEqual([
      redactMessagesProcessor,
      redactUserApiKeyInfoProcessor,
      excludeFieldsProcessor,
      includeFieldsProcessor,
      maskProcessor,
      filterProcessor,
      sampleProcessor,
      setFieldsProcessor,
    ]);
    const types = builtinProcessors.map((definition) => definition.type);
    expect(types).toEqual(["redact_messages", "redact_user_api_key_info", "exclude_fields", "include_fields", "mask", "filter", "sample", "set_fields"]);
    for (const definition of builtinProcessors) {
      expect(definition.kind).toBe("processor");
      expect(definition.description).toMatch(/^[A-Z]/);
    }
  });

  it("every definition has a strict options schema and creates a processor of its type through a registry", async () => {
    const registry = createRegistry(builtinProcessors as never[]);
    const minimal: Record<string, Record<string, unknown>> = {
      exclude_fields: { fields: ["a"] },
      include_fields: { fields: ["a"] },
      filter: { expression: "true" },
      sample: { rate: 1 },
      set_fields: { fields: {} },
    };
    for (const definition of builtinProcessors) {
      expect(definition.optionsSchema).toMatchObject({ type: "object", additionalProperties: false });
      const options = minimal[definition.type] ?? {};
      const processor = await registry.processor(definition.type, options, { callbackName: "api" });
      expect(processor.type).toBe(definition.type);
      expect(processor.specificationVersion).toBe(1);
      await expect(registry.processor(definition.type, { ...options, no_such_option: true }, { callbackName: "api" }, "p")).rejects.toThrow(/p\.no_such_option: unknown option/);
    }
  });
});
