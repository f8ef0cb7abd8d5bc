import { describe, expect, it, vi } from "vitest";
import { HooklineError } from "@hookline/core";
import type { PresetsPathEntry } from "./load-config-options.js";
import type { PresetCatalog } from "./preset-catalog.js";
import type { PresetDefinition } from "./preset-definition.js";
import { validateConfig } from "./validate-config.js";

const catalog = (presets: Record<string, PresetDefinition>): PresetCatalog => ({ get: (name) => presets[name], names: () => Object.keys(presets) });
const builtins = catalog({ acme: { endpoint: "https://builtin.example.com" }, other: { endpoint: "https://other.example.com" } });

describe("presets_path", () => {
  it("passes every entry to loadPresets with its key path and the config's directory, and lays the result over the built-ins", () => {
    const loadPresets = vi.fn((_entries: readonly PresetsPathEntry[], _dir: string) => catalog({ acme: { endpoint: "https://mine.example.com" } }));
    const text = "presets_path: [./a.json, '${PKG}']\nlitellm_settings: { callbacks: [acme, other] }";
    const result = validateConfig(text, { file: "/srv/hookline/config.yaml", env: { PKG: "@acme/presets" }, presets: builtins, loadPresets });
    expect(loadPresets).toHaveBeenCalledWith(
      [
        { spec: "./a.json", path: "presets_path[0]" },
        { spec: "@acme/presets", path: "presets_path[1]" },
      ],
      "/srv/hookline",
    );
    expect(result.config?.callbacks.map((c) => c.endpoint)).toEqual(["https://mine.example.com", "https://other.example.com"]);
  });

  it("accepts one string and an explicit baseDir", () => {
    const loadPresets = vi.fn(() => catalog({}));
    validateConfig("presets_path: my.json", { baseDir: "/x", presets: builtins, loadPresets });
    expect(loadPresets).toHaveBeenCalledWith([{ spec: "my.json", path: "presets_path" }], "/x");
  });

  it("reports the loader's issues at their entries instead of throwing", () => {
    const loadPresets = (): PresetCatalog => {
      throw new HooklineError("ERR_CONFIG_INVALID", "bad", { issues: [{ path: "presets_path[1]", message: "preset file /x/b.json: acme.endpoint: is required" }] });
    };
    const result = validateConfig("presets_path: [a.json, b.json]", { file: "/x/config.yaml", presets: builtins, loadPresets });
    expect(result.issues).toEqual([{ file: "/x/config.yaml", path: "presets_path[1]", message: "preset file /x/b.json: acme.endpoint: is required" }]);
  });

  it("rejects entries that are not strings, and a presets_path without a loader", () => {
    expect(validateConfig("presets_path: [1, '']", { presets: builtins, loadPresets: () => catalog({}) }).issues.map((i) => i.path)).toEqual([
      "presets_path[0]",
      "presets_path[1]",
    ]);
    expect(validateConfig("presets_path: {a: 1}", { presets: builtins }).issues[0]?.message).toMatch(/^expected a preset file path or package name/);
    expect(validateConfig("presets_path: a.json", { presets: builtins }).issues[0]?.message).toMatch(/cannot load preset files/);
  });

  it("names an unset variable in an entry", () => {
    expect(validateConfig("presets_path: ['${NOPE}/p.json']", { env: {}, loadPresets: () => catalog({}) }).issues).toEqual([
      { path: "presets_path[0]", message: "environment variable NOPE is not set" },
    ]);
  });
});
