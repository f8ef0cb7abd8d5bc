import { createRegistry } from "@hookline/core";
import { describe, expect, it } from "vitest";
import {
  builtinFormatters,
  chatWebhookFormatter,
  elasticsearchBulkFormatter,
  jsonArrayFormatter,
  lokiFormatter,
  ndjsonFormatter,
  otlpJsonFormatter,
  singleFormatter,
  splunkHecFormatter,
} from "./index.js";

describe("builtinFormatters", () => {
  it("lists LiteLLM's formats, then the service formats, with distinct types", () => {
    expect(builtinFormatters).toEqual([
      jsonArrayFormatter,
      ndjsonFormatter,
      singleFormatter,
      otlpJsonFormatter,
      splunkHecFormatter,
      lokiFormatter,
      elasticsearchBulkFormatter,
      chatWebhookFormatter,
    ]);
    const types = builtinFormatters.map((definition) => definition.type);
    expect(types).toEqual(["json_array", "ndjson", "single", "otlp_json", "splunk_hec", "loki", "elasticsearch_bulk", "chat_webhook"]);
    expect(new Set(types).size).toBe(types.length);
  });

  it("every definition has a strict options schema whose defaults create a working formatter through a registry", async () => {
    const registry = createRegistry(builtinFormatters as never[]);
    for (const definition of builtinFormatters) {
      expect(definition.optionsSchema).toMatchObject({ type: "object", additionalProperties: false });
      const formatter = await registry.formatter(definition.type);
      expect(formatter.type).toBe(definition.type);
      expect(formatter.contentType).toMatch(/^application\/(json|x-ndjson)$/);
      await expect(registry.formatter(definition.type, { no_such_option: true })).rejects.toThrow(/unknown option/);
    }
  });
});
