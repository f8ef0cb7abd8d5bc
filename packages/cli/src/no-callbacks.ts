import type { HooklineConfig } from "@hookline/config";

/**
 * Why a config with no callback hookline relays cannot run, or undefined when it has one. A
 * receiver with nothing to send to would answer 200 and drop everything; `run` and `replay`
 * refuse to start instead, and `validate` reports it as a problem. One line; the config's
 * warnings (callbacks LiteLLM runs itself, skipped) say what was found instead.
 */
export function noCallbacksProblem(config: HooklineConfig, file: string): string | undefined {
  if (config.callbacks.length > 0) return undefined;
  return `${file}: no callbacks to relay to: litellm_settings.callbacks / success_callback / failure_callback name none hookline sends (generic_api, a preset, or a callback_settings entry with callback_type: generic_api)`;
}
