import type { ConfigValidationResult } from "./config-validation-result.js";
import type { LoadConfigOptions } from "./load-config-options.js";
import { parseConfigYaml } from "./parse-config-yaml.js";
import { validateConfigObject } from "./validate-config-object.js";

/**
 * Validates config.yaml text and reports every issue and warning. Never throws for problems in
 * the configuration's content; text that is not YAML at all throws `ERR_CONFIG_UNREADABLE`.
 */
export function validateConfig(text: string, options: LoadConfigOptions = {}): ConfigValidationResult {
  return validateConfigObject(parseConfigYaml(text, options.file), options);
}
