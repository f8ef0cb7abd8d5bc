import { CALLBACK_SETTINGS_KEYS } from "./callback-settings-schema.js";
import type { ConfigReport } from "./config-report.js";
import type { OnEnvUse } from "./env-value.js";
import { keyPath } from "./key-path.js";
import { resolveEnvReferences } from "./resolve-env-references.js";
import type { SettingsLayer, ValueOrigin } from "./settings-layer.js";
import { unknownKeyMessage } from "./unknown-key-message.js";

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Turns a `callback_settings` entry into a {@link SettingsLayer}: environment references
 * resolved in every string (recursively), YAML nulls dropped so they mean "default", unknown
 * keys warned about. Unknown keys are not resolved, so a stray key cannot demand a variable.
 */
export function readSettingsEntry(entry: Readonly<Record<string, unknown>>, path: string, env: Env, report: ConfigReport): SettingsLayer {
  const values: Record<string, unknown> = {};
  const origins = new Map<string, ValueOrigin>();
  const unresolved = new Set<string>();
  for (const [key, raw] of Object.entries(entry)) {
    if (!CALLBACK_SETTINGS_KEYS.includes(key)) {
      report.warn(keyPath(path, key), unknownKeyMessage(key, CALLBACK_SETTINGS_KEYS));
      continue;
    }
    if (raw === null || raw === undefined) continue;
    const substituted = new Set<string>();
    const onString = (segments: readonly PropertyKey[], missing: readonly string[], changed: boolean): void => {
      // Headers are tracked per header because they merge key by key; other keys as a whole.
      const local = key === "headers" && segments.length > 0 ? `${key}.${String(segments[0])}` : key;
      for (const name of missing) report.issue(keyPath(path, key, ...segments), `environment variable ${name} is not set`);
      if (missing.length > 0) unresolved.add(local);
      if (changed) substituted.add(local);
    };
    values[key] = resolveDeep(raw, env, [], onString, report.envUse);
    origins.set(key, { path: keyPath(path, key), fromEnv: substituted.has(key) });
    if (key === "headers" && typeof raw === "object" && !Array.isArray(raw)) {
      for (const name of Object.keys(raw)) {
        origins.set(`headers.${name}`, { path: keyPath(path, "headers", name), fromEnv: substituted.has(`headers.${name}`) });
      }
    }
  }
  return { values, origins, unresolved };
}

function resolveDeep(
  value: unknown,
  env: Env,
  segments: readonly PropertyKey[],
  onString: (segments: readonly PropertyKey[], missing: readonly string[], changed: boolean) => void,
  onUse: OnEnvUse,
): unknown {
  if (typeof value === "string") {
    const resolved = resolveEnvReferences(value, env, onUse);
    onString(segments, resolved.missing, resolved.value !== value);
    return resolved.value;
  }
  if (Array.isArray(value)) return value.map((item, index) => resolveDeep(item, env, [...segments, index], onString, onUse));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, resolveDeep(item, env, [...segments, key], onString, onUse)]),
    );
  }
  return value;
}
