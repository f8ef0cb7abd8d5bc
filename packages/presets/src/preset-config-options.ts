import type { LoadConfigOptions } from "@hookline/config";
import { loadPresetCatalog } from "./load-preset-catalog.js";
import { loadPresetsPath } from "./load-presets-path.js";

/**
 * The preset part of `LoadConfigOptions`: the built-in catalog, and the loader of the config's
 * `presets_path`, whose relative entries resolve from `baseDir` (by default the directory of the
 * config's `file`, else the current directory).
 *
 * @example
 * ```ts
 * const config = await loadConfigFile("config.yaml", presetConfigOptions());
 * ```
 */
export function presetConfigOptions(baseDir?: string): Pick<LoadConfigOptions, "presets" | "loadPresets" | "baseDir"> {
  return { presets: loadPresetCatalog(), loadPresets: loadPresetsPath, ...(baseDir === undefined ? {} : { baseDir }) };
}
