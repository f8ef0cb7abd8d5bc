import type { ConfigReport } from "./config-report.js";
import { envValue } from "./env-value.js";
import { keyPath } from "./key-path.js";
import type { PresetDefinition } from "./preset-definition.js";
import type { SettingsLayer, ValueOrigin } from "./settings-layer.js";
import { substituteTemplate } from "./substitute-template.js";

/** Preset fields that are callback settings; `docs`, `variables` and the like are metadata. */
const PRESET_SETTING_KEYS = [
  "endpoint", "headers", "event_types", "log_format", "log_format_options",
  "batch_size", "flush_interval", "max_batch_bytes", "compression",
] as const;

/**
 * Turns a preset into a {@link SettingsLayer}, substituting `{{environment_variables.X}}`.
 *
 * Only templates the result will use are substituted: with an `override` (a `callback_settings`
 * entry of the same name), an overridden endpoint or header needs no variable. Without one, every
 * variable the preset declares is required too. All missing variables go in ONE issue so a user
 * fixes them in one round; the layer is then undefined.
 */
export function presetLayer(
  name: string,
  preset: PresetDefinition,
  env: Readonly<Record<string, string | undefined>>,
  override: SettingsLayer | undefined,
  refPath: string,
  report: ConfigReport,
): SettingsLayer | undefined {
  const missing = new Set<string>(
    override ? [] : (preset.environment_variables ?? []).filter((variable) => envValue(env, variable) === undefined),
  );
  const substitute = (template: string): string => {
    const result = substituteTemplate(template, env);
    for (const variable of result.missing) missing.add(variable);
    return result.value;
  };
  const overrideHeaders = override?.values["headers"];
  const overridden = new Set(
    typeof overrideHeaders === "object" && overrideHeaders !== null ? Object.keys(overrideHeaders).map((h) => h.toLowerCase()) : [],
  );
  const values: Record<string, unknown> = {};
  const origins = new Map<string, ValueOrigin>();
  const base = `presets.${name}`;
  for (const key of PRESET_SETTING_KEYS) {
    const value = preset[key];
    if (value === undefined) continue;
    origins.set(key, { path: keyPath(base, key), fromEnv: key === "endpoint" });
    if (key === "endpoint") values[key] = override && "endpoint" in override.values ? value : substitute(value as string);
    else values[key] = value;
  }
  if (preset.headers) {
    const headers: Record<string, string> = {};
    for (const [header, template] of Object.entries(preset.headers)) {
      headers[header] = overridden.has(header.toLowerCase()) ? template : substitute(template);
      origins.set(`headers.${header}`, { path: keyPath(base, "headers", header), fromEnv: true });
    }
    values["headers"] = headers;
  }
  if (missing.size > 0) {
    const names = [...missing];
    report.issue(
      refPath,
      `preset "${name}" needs environment variable${names.length > 1 ? "s" : ""} ${names.join(", ")}, ` +
        `which ${names.length > 1 ? "are" : "is"} not set (set ${names.length > 1 ? "them" : "it"} in the environment or in the config's environment_variables section)`,
    );
    return undefined;
  }
  return { values, origins, unresolved: new Set() };
}
