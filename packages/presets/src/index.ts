export { loadPresetCatalog } from "./load-preset-catalog.js";
export type { LoadPresetCatalogOptions } from "./load-preset-catalog.js";
export { builtinPresets } from "./builtin-presets.js";
export { readPresetFile } from "./read-preset-file.js";
export { validatePresetFile } from "./validate-preset-file.js";
export { substituteTemplate } from "@hookline/core";
export type { PresetCatalog, PresetDefinition, TemplateSubstitution } from "@hookline/core";
