import type { CallbackConfig } from "./callback-config.js";
import type { createCallbackSettingsSchema } from "./callback-settings-schema.js";
import type { CallbackRef } from "./collect-callback-refs.js";
import type { ConfigReport } from "./config-report.js";
import { describeValue } from "./describe-value.js";
import { didYouMean } from "./did-you-mean.js";
import { genericApiLayer } from "./generic-api-layer.js";
import { keyPath } from "./key-path.js";
import { isLiteLLMNativeCallback, LITELLM_NATIVE_CALLBACKS } from "./litellm-native-callbacks.js";
import type { PresetCatalog } from "./preset-catalog.js";
import { presetLayer } from "./preset-layer.js";
import { presetHasSecretPath } from "./preset-secret-path.js";
import { readSettingsEntry } from "./read-settings-entry.js";
import { EMPTY_LAYER, isUnresolved, mergeSettingsLayers, originOf, type SettingsLayer } from "./settings-layer.js";
import { toCallbackConfig, type CallbackIdentity, type EnvDefaults, type PrivacySettings } from "./to-callback-config.js";
import { isMapping } from "./is-mapping.js";

/** What {@link resolveCallback} needs besides the callback itself. */
export interface ResolveContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly presets: PresetCatalog | undefined;
  readonly callbackSettings: Readonly<Record<string, unknown>>;
  readonly schema: ReturnType<typeof createCallbackSettingsSchema>;
  readonly envDefaults: EnvDefaults;
  /** LiteLLM's privacy settings from `litellm_settings`, for callbacks that do not set their own. */
  readonly privacy: PrivacySettings;
  readonly report: ConfigReport;
}

/**
 * Resolves one enabled callback name, in LiteLLM's order: `generic_api` (from the environment),
 * a `callback_settings` entry with `callback_type: generic_api` (over its preset, if the name is
 * one), a preset, a callback LiteLLM implements itself (warned about and skipped), else an issue.
 * Returns undefined when the callback is skipped or has issues (already reported).
 */
export function resolveCallback(ref: CallbackRef, context: ResolveContext): CallbackConfig | undefined {
  const { name } = ref;
  const { report, env } = context;
  const entryPath = keyPath("callback_settings", name);
  const rawEntry = Object.hasOwn(context.callbackSettings, name) ? context.callbackSettings[name] : undefined;
  if (rawEntry !== undefined && rawEntry !== null && !isMapping(rawEntry)) {
    report.issue(entryPath, `expected a mapping of callback settings; got ${describeValue(rawEntry)}`);
    return undefined;
  }
  const entry = isMapping(rawEntry) ? rawEntry : undefined;
  const callbackType = entry?.["callback_type"] ?? undefined;
  if (callbackType !== undefined && typeof callbackType !== "string") {
    report.issue(keyPath(entryPath, "callback_type"), `expected a callback type such as generic_api; got ${describeValue(callbackType)}`);
    return undefined;
  }
  const preset = context.presets?.get(name);
  const read = (): SettingsLayer | undefined => (entry ? readSettingsEntry(entry, entryPath, env, report) : undefined);
  const identity = (origin: CallbackConfig["origin"], path: string): CallbackIdentity =>
    ref.eventTypes === undefined ? { name, origin, path } : { name, origin, path, listEventTypes: ref.eventTypes };

  if (name === "generic_api" && (callbackType === undefined || callbackType === "generic_api")) {
    const override = read();
    const base = genericApiLayer(env, override, ref.path, report);
    return build(mergeSettingsLayers(base, override ?? EMPTY_LAYER), identity("environment", ref.path), context, false);
  }
  if (entry && (callbackType === "generic_api" || (callbackType === undefined && preset))) {
    const override = readSettingsEntry(entry, entryPath, env, report);
    const base = preset ? presetLayer(name, preset, env, override, ref.path, report) : EMPTY_LAYER;
    return base && build(mergeSettingsLayers(base, override), identity("callback_settings", entryPath), context, preset !== undefined && presetHasSecretPath(preset));
  }
  if (callbackType !== undefined) {
    report.warn(
      ref.path,
      `callback "${name}" has callback_type "${callbackType}"; hookline relays only generic_api callbacks, so it ignores this one (LiteLLM still runs it)`,
    );
    return undefined;
  }
  if (preset) {
    const base = presetLayer(name, preset, env, undefined, ref.path, report);
    return base && build(base, identity("preset", ref.path), context, presetHasSecretPath(preset));
  }
  if (isLiteLLMNativeCallback(name)) {
    report.warn(ref.path, `callback "${name}" is implemented by LiteLLM itself; hookline relays only generic_api-style callbacks, so it ignores this one`);
    return undefined;
  }
  report.issue(ref.path, unknownCallbackMessage(name, entry !== undefined, context));
  return undefined;
}

function unknownCallbackMessage(name: string, hasEntry: boolean, context: ResolveContext): string {
  const presets = [...(context.presets?.names() ?? [])].sort();
  const candidates = ["generic_api", ...presets, ...Object.keys(context.callbackSettings), ...LITELLM_NATIVE_CALLBACKS];
  const suggestion = didYouMean(name, candidates);
  return (
    `unknown callback "${name}"${suggestion ? ` (did you mean "${suggestion}"?)` : ""}; expected generic_api, ` +
    `a callback_settings entry with callback_type: generic_api, or a preset (${presets.length > 0 ? presets.join(", ") : "none loaded"})` +
    (hasEntry ? `; callback_settings.${name} has no callback_type: generic_api` : "")
  );
}

/**
 * The callback's secrets, before validation so that no message about them can print them: every
 * header value, and the endpoint's credentials (with its path when the preset marks it secret).
 */
function collectSecrets(layer: SettingsLayer, secretPath: boolean, context: ResolveContext): void {
  const { headers, endpoint } = layer.values;
  if (isMapping(headers)) {
    for (const value of Object.values(headers)) if (typeof value === "string" || typeof value === "number") context.report.secrets.addHeaderValue(String(value));
  }
  if (typeof endpoint === "string") context.report.secrets.addUrl(endpoint, { secretPath });
}

/** Validates merged settings; maps zod issues back to where each value came from. */
function build(layer: SettingsLayer, identity: CallbackIdentity, context: ResolveContext, secretPath: boolean): CallbackConfig | undefined {
  collectSecrets(layer, secretPath, context);
  const parsed = context.schema.safeParse(layer.values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (isUnresolved(layer, issue.path)) continue;
      const origin = originOf(layer, issue.path) ?? { path: keyPath(identity.path, ...issue.path) };
      const header = issue.path[0] === "headers" && issue.path.length === 2 ? `the value of header ${String(issue.path[1])}: ` : "";
      const message = origin.fromEnv ? issue.message.replace(/; got [\s\S]*$/, "; got a value from an environment variable (not shown)") : issue.message;
      context.report.issue(origin.path, `${origin.label ? `${origin.label}: ` : ""}${header}${message}`);
    }
    return undefined;
  }
  if (layer.unresolved.size > 0) return undefined;
  const config = toCallbackConfig(parsed.data, identity, context.envDefaults, context.privacy);
  if (config.eventTypes?.length === 0) {
    context.report.warn(
      `${identity.path}.event_types`,
      `callback "${identity.name}" will send nothing: its event_types exclude every event type its success_callback/failure_callback list allows`,
    );
  }
  return config;
}
