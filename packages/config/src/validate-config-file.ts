import type { ConfigValidationResult } from "./config-validation-result.js";
import type { LoadConfigOptions } from "./load-config-options.js";
import { readConfigText } from "./read-config-text.js";
import { validateConfig } from "./validate-config.js";

/**
 * Reads and validates a config.yaml file, returning every issue and warning (for `hookline
 * validate`). Never throws for problems in the content; an unreadable file or invalid YAML
 * throws `ERR_CONFIG_UNREADABLE`.
 */
export async function validateConfigFile(file: string, options: LoadConfigOptions = {}): Promise<ConfigValidationResult> {
  return validateConfig(await readConfigText(file), { ...options, file: options.file ?? file });
}
