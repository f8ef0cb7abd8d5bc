import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HooklineError } from "@hookline/core";
import { parseConfig } from "@hookline/config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtinPresets } from "./builtin-presets.js";
import { loadPresetCatalog } from "./load-preset-catalog.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hookline-presets-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
const file = async (name: string, text: string): Promise<string> => {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
};
const thrown = (fn: () => unknown): HooklineError => {
  try {
    fn();
  } catch (error) {
    if (HooklineError.is(error)) return error;
  }
  throw new Error("expected a HooklineError");
};

describe("builtinPresets", () => {
  it("ships LiteLLM's four presets as LiteLLM defines them", () => {
    const presets = builtinPresets();
    expect(Object.keys(presets)).toEqual(expect.arrayContaining(["qualifire_eval", "rubrik", "sample_callback", "sumologic"]));
    expect(presets["rubrik"]).toMatchObject({
      event_types: ["llm_api_success"],
      endpoint: "{{environment_variables.RUBRIK_WEBHOOK_URL}}",
      headers: { "Content-Type": "application/json", Authorization: "Bearer {{environment_variables.RUBRIK_API_KEY}}" },
      environment_variables: ["RUBRIK_API_KEY", "RUBRIK_WEBHOOK_URL"],
      docs: { display_name: "Rubrik", website: "https://www.rubrik.com/" },
    });
    expect(presets["sumologic"]).toMatchObject({ log_format: "ndjson", headers: { "Content-Type": "application/json" } });
    expect(presets["sumologic"]?.event_types).toBeUndefined();
    expect(presets["qualifire_eval"]?.headers?.["X-Qualifire-API-Key"]).toBe("{{environment_variables.QUALIFIRE_API_KEY}}");
    expect(presets["sample_callback"]?.docs?.show_in_docs).toBe(false);
  });

  it("describes every declared variable and marks credentials secret", () => {
    for (const [name, preset] of Object.entries(builtinPresets())) {
      expect(Object.keys(preset.variables ?? {}).sort(), name).toEqual([...(preset.environment_variables ?? [])].sort());
    }
    expect(builtinPresets()["rubrik"]?.variables?.["RUBRIK_API_KEY"]?.secret).toBe(true);
  });
});

describe("loadPresetCatalog", () => {
  it("resolves a built-in preset through parseConfig", () => {
    const config = parseConfig("litellm_settings: { callbacks: [qualifire_eval] }", {
      presets: loadPresetCatalog(),
      env: { QUALIFIRE_API_KEY: "qk", QUALIFIRE_WEBHOOK_URL: "https://app.qualifire.ai/api/v1/webhooks/evaluations" },
    });
    expect(config.callbacks[0]).toMatchObject({ origin: "preset", headers: { "X-Qualifire-API-Key": "qk" }, eventTypes: ["llm_api_success"] });
  });

  it("adds presets from extra files, later ones replacing earlier ones", async () => {
    const extra = await file(
      "extra.json",
      JSON.stringify({
        $schema: "./generic_api_compatible_callbacks.schema.json",
        acme: { endpoint: "{{environment_variables.ACME_URL}}", environment_variables: ["ACME_URL"], batch_size: 10 },
        rubrik: { endpoint: "https://rubrik.internal/hook" },
      }),
    );
    const catalog = loadPresetCatalog({ files: [extra] });
    expect(catalog.names()).toEqual([...Object.keys(builtinPresets()), "acme"].sort());
    expect(catalog.get("rubrik")?.endpoint).toBe("https://rubrik.internal/hook");
    expect(catalog.get("$schema")).toBeUndefined();
    expect(loadPresetCatalog({ files: [extra], builtins: false }).names()).toEqual(["acme", "rubrik"]);
  });

  it("rejects a bad extra file, naming the file and JSON path", async () => {
    const bad = await file("bad.json", JSON.stringify({ acme: { headers: { "X-Key": 1 } } }));
    const error = thrown(() => loadPresetCatalog({ files: [bad] }));
    expect(error.code).toBe("ERR_CONFIG_INVALID");
    expect(error.issues).toEqual([
      { file: bad, path: "acme.endpoint", message: "is required" },
      { file: bad, path: "acme.headers.X-Key", message: "expected string" },
    ]);
    expect(error.message).toContain(`${bad}: acme.endpoint: is required`);
  });

  it("rejects an unreadable or non-JSON extra file", async () => {
    const notJson = await file("not.json", "{ nope");
    expect(thrown(() => loadPresetCatalog({ files: [notJson] })).message).toMatch(/^cannot read preset file .*not\.json: not valid JSON/);
    expect(thrown(() => loadPresetCatalog({ files: [join(dir, "missing.json")] })).code).toBe("ERR_CONFIG_UNREADABLE");
  });
});
