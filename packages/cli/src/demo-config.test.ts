import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseConfig } from "@hookline/config";
import { loadPresetCatalog } from "@hookline/presets";
import { DEMO_CONFIG } from "./demo-config.js";

const example = (name: string) => readFileSync(new URL(`../../../examples/quickstart/${name}`, import.meta.url), "utf8");

describe("example configs", () => {
  it("examples/quickstart/demo-config.yaml is the config the demo embeds", () => {
    expect(example("demo-config.yaml")).toBe(DEMO_CONFIG);
  });

  it("every example config loads, with its endpoints and presets resolved", () => {
    const env = { HOOKLINE_DEMO_ENDPOINT: "http://127.0.0.1:9" };
    expect(parseConfig(DEMO_CONFIG, { env }).callbacks.map((c) => [c.name, c.logFormat])).toEqual([
      ["demo_json_array", "json_array"],
      ["demo_ndjson", "ndjson"],
      ["demo_failures", "single"],
    ]);
    expect(parseConfig(example("config.yaml"), { env: {} }).callbacks[0]).toMatchObject({ name: "custom_api_name", endpoint: "https://your-endpoint.com/logs" });
    expect(parseConfig(example("preset-config.yaml"), { env: {}, presets: loadPresetCatalog() }).callbacks[0]).toMatchObject({
      name: "rubrik",
      eventTypes: ["llm_api_success"],
      headers: expect.objectContaining({ Authorization: "Bearer sk-1234" }),
    });
  });
});
