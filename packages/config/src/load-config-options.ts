import type { ComponentTypes } from "./callback-settings-schema.js";
import type { PresetCatalog } from "./preset-catalog.js";

/** One entry of a config's top-level `presets_path`. */
export interface PresetsPathEntry {
  /** The entry as written (environment references resolved): a JSON file path or a package name. */
  readonly spec: string;
  /** Its key path, `presets_path` or `presets_path[1]`, for messages. */
  readonly path: string;
}

/** Options of {@link parseConfig}, {@link loadConfigFile} and the `validate*` functions. */
export interface LoadConfigOptions {
  /** File name used in messages (set automatically by the file loaders). */
  readonly file?: string;
  /**
   * Environment the config's references resolve against; the config's own
   * `environment_variables` section is laid over it. Never modified.
   * @default process.env
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Presets callback names may refer to.
   * @default no presets
   */
  readonly presets?: PresetCatalog;
  /**
   * Loads the preset files and packages a config lists in its top-level `presets_path`; their
   * presets are laid over {@link presets}. Throw a `HooklineError` whose issues carry the entries'
   * `path`s to report problems. `@hookline/presets` provides `loadPresetsPath`.
   * @default none: a config with `presets_path` is an error
   */
  readonly loadPresets?: (entries: readonly PresetsPathEntry[], baseDir: string) => PresetCatalog;
  /**
   * Directory relative `presets_path` entries resolve from (and packages are looked up from).
   * @default the directory of {@link file}, else the current directory
   */
  readonly baseDir?: string;
  /**
   * Component types the config may name besides package names (`log_format`, `exporter`,
   * `processors[].type`), so that a typo is reported with the valid names. Pass a registry's
   * types. Where a kind is absent, any snake_case name passes here and the registry reports it
   * when the component is created.
   */
  readonly componentTypes?: ComponentTypes;
}
