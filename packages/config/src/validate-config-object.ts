import type { CallbackConfig, HooklineConfig } from "./callback-config.js";
import { z } from "zod";
import { type ConfigIssue } from "@hookline/core";
import { createCallbackSettingsSchema, createPrivacySettingsSchema } from "./callback-settings-schema.js";
import { collectCallbackRefs } from "./collect-callback-refs.js";
import { ConfigReport } from "./config-report.js";
import type { ConfigValidationResult } from "./config-validation-result.js";
import { describeValue } from "./describe-value.js";
import { isMapping } from "./is-mapping.js";
import { keyPath } from "./key-path.js";
import type { LoadConfigOptions } from "./load-config-options.js";
import { readEnvDefaults } from "./read-env-defaults.js";
import { resolvePresetCatalog } from "./read-presets-path.js";
import { readServerSettings } from "./read-server-settings.js";
import { resolveCallback } from "./resolve-callback.js";
import type { PrivacySettings } from "./to-callback-config.js";

const PRIVACY_SCHEMA = z.object(createPrivacySettingsSchema());

/** `litellm_settings`' privacy keys, which apply to every callback that does not set its own. */
function readPrivacySettings(litellmSettings: Record<string, unknown>, report: ConfigReport): PrivacySettings {
  const keys = Object.keys(PRIVACY_SCHEMA.shape);
  const present = Object.fromEntries(keys.filter((key) => litellmSettings[key] !== undefined && litellmSettings[key] !== null).map((key) => [key, litellmSettings[key]]));
  const parsed = PRIVACY_SCHEMA.safeParse(present);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) report.issue(keyPath("litellm_settings", ...issue.path), issue.message);
    return { paths: {} };
  }
  const paths = Object.fromEntries(Object.keys(present).map((key) => [key, keyPath("litellm_settings", key)]));
  return { ...parsed.data, paths };
}

/** A top-level section that must be a mapping when present; empty (with an issue) otherwise. */
function section(root: Record<string, unknown>, key: string, report: ConfigReport): Record<string, unknown> {
  const value = root[key];
  if (value === undefined || value === null) return {};
  if (isMapping(value)) return value;
  report.issue(key, `expected a mapping; got ${describeValue(value)}`);
  return {};
}

/**
 * The config's `environment_variables` section as strings. LiteLLM writes these into
 * `os.environ`, so they win over the process environment; hookline lays them over a copy instead.
 */
function readEnvironmentSection(values: Record<string, unknown>, report: ConfigReport): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") env[name] = String(value);
    else if (value === null) report.warn(keyPath("environment_variables", name), "has no value; it is ignored");
    else report.issue(keyPath("environment_variables", name), `expected a string or number; got ${describeValue(value)}`);
  }
  return env;
}

/**
 * Validates and resolves an already-parsed LiteLLM proxy config (the object a config.yaml
 * holds). Never throws for problems in the config; they are returned as issues and warnings.
 * Sections hookline does not read (`model_list`, `general_settings`, `router_settings`, ...)
 * are ignored, including any environment references in them.
 */
export function validateConfigObject(root: unknown, options: LoadConfigOptions = {}): ConfigValidationResult {
  const report = new ConfigReport(options.file);
  if (root !== undefined && root !== null && !isMapping(root)) {
    report.issue("", `expected a mapping at the top level of the config; got ${describeValue(root)}`);
    return { issues: report.issues, warnings: report.warnings, secrets: report.secrets };
  }
  const top = root ?? {};
  const configEnv = readEnvironmentSection(section(top, "environment_variables", report), report);
  const env = { ...(options.env ?? process.env), ...configEnv };
  const litellmSettings = section(top, "litellm_settings", report);
  const callbackSettings = section(top, "callback_settings", report);
  const envDefaults = readEnvDefaults(env, new Set(Object.keys(configEnv)), report);
  const server = readServerSettings(top["sources"], env, report);
  const context = {
    env,
    presets: resolvePresetCatalog(top, env, options, report),
    callbackSettings,
    schema: createCallbackSettingsSchema(options.componentTypes),
    envDefaults,
    privacy: readPrivacySettings(litellmSettings, report),
    report,
  };
  const callbacks: CallbackConfig[] = [];
  for (const ref of collectCallbackRefs(litellmSettings, callbackSettings, report)) {
    const callback = resolveCallback(ref, context);
    if (callback) callbacks.push(callback);
  }
  // Every message is scrubbed of every secret the config holds, found before or after it.
  const warnings = (): ConfigIssue[] => report.scrubbed(report.warnings);
  if (report.issues.length > 0) return { issues: report.scrubbed(report.issues), warnings: warnings(), secrets: report.secrets };
  if (callbacks.length === 0) {
    report.warn("litellm_settings.callbacks", "no generic_api callbacks are configured, so hookline has nowhere to send events");
  }
  const config: HooklineConfig = {
    ...(options.file === undefined ? {} : { file: options.file }),
    callbacks,
    server,
    warnings: warnings(),
    secrets: report.secrets,
  };
  return { config, issues: [], warnings: config.warnings, secrets: report.secrets };
}
