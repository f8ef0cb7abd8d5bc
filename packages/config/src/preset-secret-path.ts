import type { PresetDefinition } from "./preset-definition.js";

const PLACEHOLDER = /\{\{\s*environment_variables\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/**
 * True when a variable the preset flags `secret: true` supplies its endpoint's path: the whole
 * URL (a chat webhook's URL is its credential) or a part of the path. Such a callback's endpoint
 * path is then masked in messages, even when `callback_settings` gives the URL literally. A
 * secret in the query string or userinfo needs no flag: those are always masked.
 */
export function presetHasSecretPath(preset: PresetDefinition): boolean {
  for (const match of preset.endpoint.matchAll(PLACEHOLDER)) {
    if (preset.variables?.[match[1] as string]?.secret !== true) continue;
    const before = preset.endpoint.slice(0, match.index);
    if (/[?#]/.test(before)) continue;
    const scheme = before.indexOf("://");
    // At the start (a whole or base URL), or past the host.
    if (scheme < 0 || before.slice(scheme + 3).includes("/")) return true;
  }
  return false;
}
