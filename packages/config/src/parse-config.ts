import { configError } from "@hookline/core";
import type { HooklineConfig } from "./callback-config.js";
import type { LoadConfigOptions } from "./load-config-options.js";
import { validateConfig } from "./validate-config.js";

/**
 * Parses and resolves config.yaml text (a LiteLLM proxy config, run unchanged).
 *
 * @throws HooklineError `ERR_CONFIG_INVALID` listing every issue at once, or
 *   `ERR_CONFIG_UNREADABLE` for a YAML syntax error.
 */
export function parseConfig(text: string, options: LoadConfigOptions = {}): HooklineConfig {
  const result = validateConfig(text, options);
  if (result.config === undefined) throw configError(result.issues);
  return result.config;
}
