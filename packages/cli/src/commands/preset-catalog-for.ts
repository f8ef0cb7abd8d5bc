import { HooklineError } from "@hookline/core";
import { validateConfig, type PresetCatalog } from "@hookline/config";
import { loadPresetCatalog, loadPresetsPath } from "@hookline/presets";
import { readConfigSource } from "../runtime.js";

/**
 * The built-in presets, plus those of `configFile`'s `presets_path` when a config is given. Only
 * problems with `presets_path` matter here; the rest of the config is not checked.
 *
 * @throws HooklineError when the config is unreadable or its `presets_path` has problems.
 */
export async function presetCatalogFor(
  configFile: string | undefined,
  env: Readonly<Record<string, string | undefined>> | undefined,
): Promise<PresetCatalog> {
  const builtins = loadPresetCatalog();
  if (configFile === undefined) return builtins;
  const source = await readConfigSource({ file: configFile });
  let extra: PresetCatalog | undefined;
  const result = validateConfig(source.text, {
    file: source.name,
    baseDir: source.dir,
    ...(env ? { env } : {}),
    presets: builtins,
    loadPresets: (entries, baseDir) => (extra = loadPresetsPath(entries, baseDir)),
  });
  const problems = result.issues.filter((issue) => issue.path === "presets_path" || issue.path.startsWith("presets_path["));
  if (problems.length > 0) {
    throw new HooklineError("ERR_CONFIG_INVALID", problems.map((issue) => `${source.name}: ${issue.path}: ${issue.message}`).join("\n"), { issues: problems });
  }
  if (extra === undefined) return builtins;
  const added = extra;
  const names = Object.freeze([...new Set([...builtins.names(), ...added.names()])].sort());
  return { get: (name) => added.get(name) ?? builtins.get(name), names: () => names };
}
