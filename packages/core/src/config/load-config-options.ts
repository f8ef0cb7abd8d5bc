import type { PresetCatalog } from "./preset-catalog.js";

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
   * Formatter types `log_format` may name besides package names.
   * @default ["json_array", "ndjson", "single"]
   */
  readonly formatterTypes?: readonly string[];
}
