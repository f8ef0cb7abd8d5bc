import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HooklineError } from "@hookline/core";
import { parseConfig, validateConfig, type PresetsPathEntry } from "@hookline/config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPresetFileSpec, loadPresetsPath, resolvePresetPackage } from "./load-presets-path.js";
import { presetConfigOptions } from "./preset-config-options.js";

let dir: string;
const acme = { acme: { endpoint: "{{environment_variables.ACME_URL}}", environment_variables: ["ACME_URL"], batch_size: 7 } };

async function write(path: string, data: unknown): Promise<string> {
  await mkdir(join(path, ".."), { recursive: true });
  await writeFile(path, typeof data === "string" ? data : JSON.stringify(data));
  return path;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hookline-presets-path-"));
  await write(join(dir, "conf", "my-presets.json"), acme);
  await write(join(dir, "conf", "bad.json"), { bad: { headers: { "X-Key": 1 } } });
  await write(join(dir, "conf", "override.json"), { acme: { ...acme.acme, batch_size: 9 } });
  // A package with the catalog at its root, and an exports map that does not list it.
  await write(join(dir, "node_modules", "@acme", "hookline-presets", "package.json"), { name: "@acme/hookline-presets", exports: { ".": "./index.js" } });
  await write(join(dir, "node_modules", "@acme", "hookline-presets", "generic_api_compatible_callbacks.json"), {
    $schema: "./schema.json",
    acme_pkg: { endpoint: "https://pkg.example.com/logs", log_format: "ndjson" },
  });
  // A package whose main export is its JSON catalog.
  await write(join(dir, "node_modules", "json-main-presets", "package.json"), { name: "json-main-presets", main: "presets.json" });
  await write(join(dir, "node_modules", "json-main-presets", "presets.json"), { json_main: { endpoint: "https://main.example.com" } });
  // A package that is neither.
  await write(join(dir, "node_modules", "not-presets", "package.json"), { name: "not-presets", main: "index.js" });
  await write(join(dir, "node_modules", "not-presets", "index.js"), "export {};");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const entries = (...specs: string[]): PresetsPathEntry[] => specs.map((spec, i) => ({ spec, path: `presets_path[${i}]` }));
const thrown = (fn: () => unknown): HooklineError => {
  try {
    fn();
  } catch (error) {
    if (HooklineError.is(error)) return error;
  }
  throw new Error("expected a HooklineError");
};

describe("isPresetFileSpec", () => {
  it("tells files from package names", () => {
    expect(["./a.json", "../x/a.json", "/etc/p.json", "presets.json", "C:\\p\\a", "sub/dir/presets.JSON"].map(isPresetFileSpec)).toEqual([true, true, true, true, true, true]);
    expect(["@acme/hookline-presets", "hookline-presets-acme", "@acme/p/sub"].map(isPresetFileSpec)).toEqual([false, false, false]);
  });
});

describe("loadPresetsPath", () => {
  it("reads a JSON file relative to the config's directory", () => {
    const catalog = loadPresetsPath(entries("./my-presets.json"), join(dir, "conf"));
    expect(catalog.names()).toEqual(["acme"]);
    expect(catalog.get("acme")?.batch_size).toBe(7);
  });

  it("finds a package's root generic_api_compatible_callbacks.json from the config's directory, even when its exports map omits it", () => {
    expect(resolvePresetPackage("@acme/hookline-presets", join(dir, "conf"))).toBe(
      join(dir, "node_modules", "@acme", "hookline-presets", "generic_api_compatible_callbacks.json"),
    );
    expect(loadPresetsPath(entries("@acme/hookline-presets"), join(dir, "conf")).names()).toEqual(["acme_pkg"]);
  });

  it("uses a package's main export when it is a JSON file", () => {
    expect(loadPresetsPath(entries("json-main-presets"), dir).get("json_main")?.endpoint).toBe("https://main.example.com");
  });

  it("lets later entries replace earlier presets of the same name", () => {
    const catalog = loadPresetsPath(entries("./conf/my-presets.json", "./conf/override.json"), dir);
    expect(catalog.get("acme")?.batch_size).toBe(9);
  });

  it("reports every bad entry at its key path, with the file and the JSON path", () => {
    const error = thrown(() => loadPresetsPath(entries("./bad.json", "./missing.json", "nope-presets", "not-presets", "./my-presets.json"), join(dir, "conf")));
    expect(error.code).toBe("ERR_CONFIG_INVALID");
    expect(error.issues.map((issue) => `${issue.path}: ${issue.message}`)).toEqual([
      `presets_path[0]: preset file ${join(dir, "conf", "bad.json")}: bad.endpoint: is required`,
      `presets_path[0]: preset file ${join(dir, "conf", "bad.json")}: bad.headers.X-Key: expected string`,
      `presets_path[1]: cannot read preset file ${join(dir, "conf", "missing.json")}: ENOENT`,
      `presets_path[2]: cannot find package "nope-presets" from ${join(dir, "conf")} (install it next to the config, or write a file path starting with ./)`,
      'presets_path[3]: package "not-presets" has no generic_api_compatible_callbacks.json at its root, and its main export is not a JSON file',
    ]);
  });
});

describe("presets_path through the config loader", () => {
  const config = (presetsPath: string) => `
presets_path: ${presetsPath}
litellm_settings: { callbacks: [acme, acme_pkg, rubrik] }
environment_variables: { ACME_URL: "https://acme.example.com/in", RUBRIK_API_KEY: k, RUBRIK_WEBHOOK_URL: "https://rubrik.example.com" }
`;

  it("adds a file's and a package's presets to the built-in ones", () => {
    const parsed = parseConfig(config('["./my-presets.json", "@acme/hookline-presets"]'), { file: join(dir, "conf", "config.yaml"), env: {}, ...presetConfigOptions(join(dir, "conf")) });
    expect(parsed.callbacks.map((c) => [c.name, c.endpoint])).toEqual([
      ["acme", "https://acme.example.com/in"],
      ["acme_pkg", "https://pkg.example.com/logs"],
      ["rubrik", "https://rubrik.example.com"],
    ]);
  });

  it("reports an invalid preset file as a config issue naming the file and the JSON path", () => {
    const result = validateConfig(config("./bad.json"), { file: "config.yaml", env: {}, ...presetConfigOptions(join(dir, "conf")) });
    expect(result.issues.slice(0, 2).map((issue) => `${issue.file}: ${issue.path}: ${issue.message}`)).toEqual([
      `config.yaml: presets_path: preset file ${join(dir, "conf", "bad.json")}: bad.endpoint: is required`,
      `config.yaml: presets_path: preset file ${join(dir, "conf", "bad.json")}: bad.headers.X-Key: expected string`,
    ]);
  });
});

describe("presetConfigOptions", () => {
  it("resolves presets_path from the config file's directory by default", async () => {
    const { loadConfigFile } = await import("@hookline/config");
    const file = join(dir, "conf", "config.yaml");
    await write(file, "presets_path: ./my-presets.json\nlitellm_settings: { callbacks: [acme] }\n");
    const config = await loadConfigFile(file, { env: { ACME_URL: "https://a.example.com" }, ...presetConfigOptions() });
    expect(config.callbacks[0]?.batchSize).toBe(7);
  });
});
