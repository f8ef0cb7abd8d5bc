import { type ConfigIssue, type SecretScrubber } from "@hookline/core";
import type { HooklineConfig } from "./callback-config.js";

/** What {@link validateConfig} found. */
export interface ConfigValidationResult {
  /** The resolved configuration; present only when `issues` is empty. */
  readonly config?: HooklineConfig;
  /** Problems that stop the configuration from running. */
  readonly issues: readonly ConfigIssue[];
  /** Problems that do not (unknown keys, callbacks only LiteLLM implements). */
  readonly warnings: readonly ConfigIssue[];
  /**
   * The config's secrets (header values, endpoint credentials, environment values it used); the
   * issues and warnings are already scrubbed with it. Use it on anything else you print.
   */
  readonly secrets: SecretScrubber;
}
