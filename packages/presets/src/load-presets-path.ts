import { existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { isAbsolute, join, resolve } from "node:path";
import { configError, HooklineError, type ConfigIssue } from "@hookline/core";
import { type PresetCatalog, type PresetDefinition, type PresetsPathEntry } from "@hookline/config";
import { readPresetFile } from "./read-preset-file.js";

/** The file name a preset package provides at its root. */
export const PRESET_FILE_NAME = "generic_api_compatible_callbacks.json";

/**
 * Whether a `presets_path` entry names a file rather than an npm package: it starts with `.` or
 * `/` (or is otherwise absolute), contains a backslash, or ends with `.json`.
 */
export function isPresetFileSpec(spec: string): boolean {
  return spec.startsWith(".") || isAbsolute(spec) || spec.includes("\\") || spec.toLowerCase().endsWith(".json");
}

const isFile = (path: string): boolean => existsSync(path) && statSync(path).isFile();

/**
 * The JSON file a preset package provides, looked up from `baseDir` as Node looks packages up:
 * `generic_api_compatible_callbacks.json` at the package's root (also when its `exports` map does
 * not list it), else the package's main export when that is a `.json` file.
 */
export function resolvePresetPackage(name: string, baseDir: string): string {
  const require = createRequire(join(baseDir, "noop.js"));
  try {
    return require.resolve(`${name}/${PRESET_FILE_NAME}`);
  } catch {
    // Not exported, or not there: look for the package directory itself.
  }
  const root = (require.resolve.paths(name) ?? []).map((dir) => join(dir, name)).find((dir) => isFile(join(dir, "package.json")));
  if (root !== undefined && isFile(join(root, PRESET_FILE_NAME))) return join(root, PRESET_FILE_NAME);
  let main: string | undefined;
  try {
    main = require.resolve(name);
  } catch {
    // Neither a root file nor a resolvable main export.
  }
  if (main !== undefined && main.toLowerCase().endsWith(".json")) return main;
  if (root === undefined && main === undefined) {
    throw new HooklineError("ERR_CONFIG_UNREADABLE", `cannot find package "${name}" from ${baseDir} (install it next to the config, or write a file path starting with ./)`);
  }
  throw new HooklineError(
    "ERR_CONFIG_INVALID",
    `package "${name}" has no ${PRESET_FILE_NAME} at its root, and its main export is not a JSON file`,
  );
}

/**
 * Loads the preset files and packages a config's `presets_path` lists (the `loadPresets` hook of
 * `@hookline/core`'s `LoadConfigOptions`). A file path is relative to `baseDir` (the config's
 * directory); anything else is an npm package resolved from `baseDir`. Every file is validated
 * against the JSON Schema. Later entries replace earlier presets of the same name.
 *
 * @throws HooklineError `ERR_CONFIG_INVALID` listing every problem, each at its entry's key path
 *   (`presets_path[1]`) with the file and the JSON path inside it.
 */
export function loadPresetsPath(entries: readonly PresetsPathEntry[], baseDir: string): PresetCatalog {
  const presets = new Map<string, PresetDefinition>();
  const issues: ConfigIssue[] = [];
  for (const entry of entries) {
    try {
      const file = isPresetFileSpec(entry.spec) ? resolve(baseDir, entry.spec) : resolvePresetPackage(entry.spec, baseDir);
      for (const [name, preset] of Object.entries(readPresetFile(file))) presets.set(name, preset);
    } catch (err) {
      if (!HooklineError.is(err)) throw err;
      if (err.issues.length === 0) issues.push({ path: entry.path, message: err.message });
      for (const issue of err.issues) {
        issues.push({ path: entry.path, message: `preset file ${issue.file ?? entry.spec}: ${issue.path === "" ? "" : `${issue.path}: `}${issue.message}` });
      }
    }
  }
  if (issues.length > 0) throw configError(issues);
  const names = Object.freeze([...presets.keys()].sort());
  return { get: (name) => presets.get(name), names: () => names };
}
