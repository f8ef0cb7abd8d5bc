export { loadPresetCatalog } from "./load-preset-catalog.js";
export type { LoadPresetCatalogOptions } from "./load-preset-catalog.js";
export { builtinPresets } from "./builtin-presets.js";
export { readPresetFile } from "./read-preset-file.js";
export { validatePresetFile } from "./validate-preset-file.js";
export { loadPresetsPath, isPresetFileSpec, resolvePresetPackage, PRESET_FILE_NAME } from "./load-presets-path.js";
export { presetConfigOptions } from "./preset-config-options.js";
export {
  describePreset,
  displayEndpoint,
  displayTemplate,
  eventsLabel,
  hooklineQuickStart,
  litellmConfigYaml,
  LITELLM_PRESETS,
  LITELLM_TO_HOOKLINE_YAML,
} from "./describe-preset.js";
export type { HeaderInfo, PresetInfo, VariableInfo } from "./describe-preset.js";
export { compareGeneratedFiles, generatePresetDocs, GENERATED_BANNER, presetIndex, presetPage } from "./generate-preset-docs.js";
export type { GeneratedFile, GeneratedFilesDiff } from "./generate-preset-docs.js";
export { substituteTemplate, substituteUrlTemplate } from "@hookline/config";
export type { PresetCatalog, PresetDefinition, PresetsPathEntry, TemplateSubstitution } from "@hookline/config";
