import { keyPath } from "./key-path.js";
import { isMapping } from "./is-mapping.js";

/** Where one raw setting came from, so an issue about it points at the right place. */
export interface ValueOrigin {
  /** Config key path, e.g. `callback_settings.my_api.headers.Authorization`. */
  readonly path: string;
  /** Prefix for messages when the value is not in the file, e.g. `environment variable X`. */
  readonly label?: string;
  /**
   * True when the value came from an environment variable; messages then do not echo it,
   * since `batch_size: ${API_KEY}` (a wrong variable) would otherwise print a secret.
   */
  readonly fromEnv?: boolean;
}

/**
 * Raw, unvalidated settings of one callback from one source (a preset, a `callback_settings`
 * entry, the environment), with the origin of each value. Origins are keyed by local path:
 * `endpoint`, or `headers.<name>` for headers, which merge key by key.
 */
export interface SettingsLayer {
  readonly values: Record<string, unknown>;
  readonly origins: ReadonlyMap<string, ValueOrigin>;
  /** Local paths whose environment references could not be resolved (already reported). */
  readonly unresolved: ReadonlySet<string>;
}

/** The origin of the value at `segments` (a zod issue path), with the path extended below it. */
export function originOf(layer: SettingsLayer, segments: readonly PropertyKey[]): ValueOrigin | undefined {
  for (let length = Math.min(segments.length, 2); length > 0; length--) {
    const origin = layer.origins.get(segments.slice(0, length).map(String).join("."));
    if (origin) return { ...origin, path: keyPath(origin.path, ...segments.slice(length)) };
  }
  return undefined;
}

/** True when the value at `segments` had an unresolved environment reference. */
export function isUnresolved(layer: SettingsLayer, segments: readonly PropertyKey[]): boolean {
  const top = String(segments[0]);
  return layer.unresolved.has(top) || (segments.length > 1 && layer.unresolved.has(`${top}.${String(segments[1])}`));
}

/** Settings that merge key by key; header names compare case-insensitively, as HTTP's do. */
const MAP_KEYS: Readonly<Record<string, boolean>> = { headers: true, log_format_options: false };

/**
 * Lays `over` on `base` field by field. `headers` merge key by key, compared case-insensitively
 * because HTTP header names are, so an entry's `authorization` replaces a preset's `Authorization`.
 * `log_format_options` merge key by key too (an entry's option set to null removes the base's).
 */
export function mergeSettingsLayers(base: SettingsLayer, over: SettingsLayer): SettingsLayer {
  const values: Record<string, unknown> = { ...base.values, ...over.values };
  const replaced = new Map<string, Set<string>>();
  for (const [key, caseInsensitive] of Object.entries(MAP_KEYS)) {
    const baseMap = base.values[key];
    const overMap = over.values[key];
    if (!isMapping(baseMap) || !isMapping(overMap)) continue;
    const norm = (name: string): string => (caseInsensitive ? name.toLowerCase() : name);
    const names = new Set(Object.keys(overMap).map(norm));
    replaced.set(key, names);
    const kept = Object.entries(baseMap).filter(([name]) => !names.has(norm(name)));
    const merged = { ...Object.fromEntries(kept), ...overMap };
    values[key] = key === "headers" ? merged : Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== null));
  }
  const survives = (local: string): boolean => {
    const dot = local.indexOf(".");
    const top = dot < 0 ? local : local.slice(0, dot);
    if (!(top in over.values)) return true;
    const names = replaced.get(top);
    if (names === undefined || dot < 0) return false;
    const name = local.slice(dot + 1);
    return !names.has(MAP_KEYS[top] ? name.toLowerCase() : name);
  };
  const origins = new Map([...base.origins].filter(([local]) => survives(local)));
  for (const [local, origin] of over.origins) origins.set(local, origin);
  const unresolved = new Set([...base.unresolved].filter(survives));
  for (const local of over.unresolved) unresolved.add(local);
  return { values, origins, unresolved };
}

/** A layer with no settings. */
export const EMPTY_LAYER: SettingsLayer = { values: {}, origins: new Map(), unresolved: new Set() };
