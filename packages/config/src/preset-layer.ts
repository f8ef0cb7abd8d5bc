import type { ConfigReport } from "./config-report.js";
import { envValue } from "./env-value.js";
import { isMapping } from "./is-mapping.js";
import { keyPath } from "./key-path.js";
import type { PresetDefinition } from "./preset-definition.js";
import type { SettingsLayer, ValueOrigin } from "./settings-layer.js";
import { substituteTemplate } from "./substitute-template.js";
import { substituteUrlTemplate } from "./substitute-url-template.js";

/** Preset fields that are callback settings; `docs`, `variables` and the like are metadata. */
const PRESET_SETTING_KEYS = [
  "endpoint", "headers", "event_types", "log_format", "log_format_options",
  "batch_size", "flush_interval", "max_batch_bytes", "compression",
] as const;

type Env = Readonly<Record<string, string | undefined>>;

/** The environment with the preset's variable defaults under it: a set variable always wins. */
function withDefaults(preset: PresetDefinition, env: Env): Env {
  const defaults = Object.entries(preset.variables ?? {}).filter(
    ([name, variable]) => typeof variable?.default === "string" && envValue(env, name) === undefined,
  );
  return defaults.length === 0 ? env : { ...env, ...Object.fromEntries(defaults.map(([name, variable]) => [name, variable.default])) };
}

/** Substitutes templates in every string of a formatter-options value (objects and lists too). */
function substituteDeep(value: unknown, substitute: (template: string) => string): unknown {
  if (typeof value === "string") return substitute(value);
  if (Array.isArray(value)) return value.map((item) => substituteDeep(item, substitute));
  if (isMapping(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substituteDeep(item, substitute)]));
  return value;
}

/**
 * Turns a preset into a {@link SettingsLayer}, substituting `{{environment_variables.X}}` in the
 * endpoint (percent-encoding values that go into its userinfo, path or query), header values,
 * `basic_auth` and the string values of `log_format_options`. A variable the preset gives a
 * `default` is optional. The values of variables not flagged `secret: false` go into the report's
 * secrets.
 *
 * Only templates the result will use are substituted: with an `override` (a `callback_settings`
 * entry of the same name), an overridden endpoint, header or formatter option needs no variable.
 * Without one, every variable the preset declares (and has no default for) is required too. All
 * missing variables go in ONE issue so a user fixes them in one round; the layer is then undefined.
 */
export function presetLayer(
  name: string,
  preset: PresetDefinition,
  rawEnv: Env,
  override: SettingsLayer | undefined,
  refPath: string,
  report: ConfigReport,
): SettingsLayer | undefined {
  const env = withDefaults(preset, rawEnv);
  const missing = new Set<string>(
    override ? [] : (preset.environment_variables ?? []).filter((variable) => envValue(env, variable) === undefined),
  );
  const track = (result: { value: string; missing: readonly string[] }): string => {
    for (const variable of result.missing) missing.add(variable);
    return result.value;
  };
  // Values the environment set are masked in messages, unless the catalog says the variable is
  // no secret (a region, a dataset name); a default is no secret either.
  const onUse = (variable: string, value: string): void => {
    if (preset.variables?.[variable]?.secret !== false && envValue(rawEnv, variable) !== undefined) report.envUse(variable, value);
  };
  const substitute = (template: string): string => track(substituteTemplate(template, env, onUse));
  const overrideKeys = (key: string, caseInsensitive: boolean): Set<string> => {
    const value = override?.values[key];
    const keys = isMapping(value) ? Object.keys(value) : [];
    return new Set(caseInsensitive ? keys.map((k) => k.toLowerCase()) : keys);
  };
  const overriddenHeaders = overrideKeys("headers", true);
  const overriddenOptions = overrideKeys("log_format_options", false);
  const values: Record<string, unknown> = {};
  const origins = new Map<string, ValueOrigin>();
  const base = `presets.${name}`;
  for (const key of PRESET_SETTING_KEYS) {
    const value = preset[key];
    if (value === undefined) continue;
    origins.set(key, { path: keyPath(base, key), fromEnv: key === "endpoint" || key === "log_format_options" });
    if (key === "endpoint") values[key] = override && "endpoint" in override.values ? value : track(substituteUrlTemplate(value as string, env, onUse));
    else if (key === "log_format_options" && isMapping(value)) {
      values[key] = Object.fromEntries(
        Object.entries(value).map(([option, item]) => [option, overriddenOptions.has(option) ? item : substituteDeep(item, substitute)]),
      );
      for (const option of Object.keys(value)) origins.set(`${key}.${option}`, { path: keyPath(base, key, option), fromEnv: true });
    } else values[key] = value;
  }
  const headers: Record<string, string> = {};
  for (const [header, template] of Object.entries(preset.headers ?? {})) {
    headers[header] = overriddenHeaders.has(header.toLowerCase()) ? template : substitute(template);
    origins.set(`headers.${header}`, { path: keyPath(base, "headers", header), fromEnv: true });
  }
  const hasAuthorization = Object.keys(headers).some((header) => header.toLowerCase() === "authorization");
  if (preset.basic_auth && !hasAuthorization && !overriddenHeaders.has("authorization")) {
    const username = substitute(preset.basic_auth.username);
    const password = substitute(preset.basic_auth.password);
    if (username !== "" || password !== "") {
      headers["Authorization"] = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
      origins.set("headers.Authorization", { path: keyPath(base, "basic_auth"), fromEnv: true });
    }
  }
  if (preset.headers || Object.keys(headers).length > 0) values["headers"] = headers;
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
