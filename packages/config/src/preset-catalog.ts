import type { PresetDefinition } from "./preset-definition.js";

/**
 * The presets a configuration may name in its callback lists. Core only consumes this;
 * `@hookline/presets` builds one from LiteLLM's catalog file.
 */
export interface PresetCatalog {
  /** The preset called `name`, if any. */
  get(name: string): PresetDefinition | undefined;
  /** Every preset name. */
  names(): readonly string[];
}
