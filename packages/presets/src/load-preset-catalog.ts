import type { PresetCatalog, PresetDefinition } from "@hookline/config";
import { builtinPresets } from "./builtin-presets.js";
import { readPresetFile } from "./read-preset-file.js";

/** Options of {@link loadPresetCatalog}. */
export interface LoadPresetCatalogOptions {
  /**
   * Extra preset files in LiteLLM's catalog format, validated at load time. Later files
   * replace earlier presets (and built-ins) of the same name.
   * @default []
   */
  readonly files?: readonly string[];
  /**
   * Whether LiteLLM's built-in presets are included.
   * @default true
   */
  readonly builtins?: boolean;
}

/**
 * Builds the {@link PresetCatalog} that `parseConfig` resolves preset names with: the built-in
 * presets plus any extra files.
 *
 * @throws HooklineError when an extra file is unreadable or invalid (file and JSON path named).
 */
export function loadPresetCatalog(options: LoadPresetCatalogOptions = {}): PresetCatalog {
  const presets = new Map<string, PresetDefinition>(options.builtins === false ? [] : Object.entries(builtinPresets()));
  for (const file of options.files ?? []) {
    for (const [name, preset] of Object.entries(readPresetFile(file))) presets.set(name, preset);
  }
  const names = Object.freeze([...presets.keys()].sort());
  return { get: (name) => presets.get(name), names: () => names };
}
