import { readFileSync } from "node:fs";
import type { PresetDefinition } from "@hookline/config";

let cached: Readonly<Record<string, PresetDefinition>> | undefined;

// Deep, because the catalog is shared by every caller in the process.
function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

/**
 * The presets shipped in `generic_api_compatible_callbacks.json` (LiteLLM's catalog: rubrik,
 * sumologic, qualifire_eval, sample_callback), keyed by name. Read once, then frozen.
 */
export function builtinPresets(): Readonly<Record<string, PresetDefinition>> {
  if (cached === undefined) {
    // A literal URL relative to this module works from src (tests) and dist alike, and bundlers see it.
    const url = new URL("../generic_api_compatible_callbacks.json", import.meta.url);
    cached = deepFreeze(JSON.parse(readFileSync(url, "utf8")) as Record<string, PresetDefinition>);
  }
  return cached;
}
