import type { HooklineConfig } from "./callback-config.js";
import type { LoadConfigOptions } from "./load-config-options.js";
import { parseConfig } from "./parse-config.js";
import { readConfigText } from "./read-config-text.js";

/**
 * Reads and resolves a config.yaml file. `options.file` defaults to `file`, for messages.
 *
 * @throws HooklineError `ERR_CONFIG_UNREADABLE` when the file cannot be read or is not YAML,
 *   `ERR_CONFIG_INVALID` listing every issue otherwise.
 */
export async function loadConfigFile(file: string, options: LoadConfigOptions = {}): Promise<HooklineConfig> {
  return parseConfig(await readConfigText(file), { ...options, file: options.file ?? file });
}
