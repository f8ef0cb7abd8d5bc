import { readFileSync } from "node:fs";
import { configError, HooklineError } from "@hookline/core";
import { type PresetDefinition } from "@hookline/config";
import { validatePresetFile } from "./validate-preset-file.js";

/**
 * Reads and validates a preset file in LiteLLM's `generic_api_compatible_callbacks.json`
 * format. Keys starting with `$` (such as `$schema`) are not presets.
 *
 * @throws HooklineError `ERR_CONFIG_UNREADABLE` when the file cannot be read or is not JSON,
 *   `ERR_CONFIG_INVALID` listing every schema violation with file and JSON path.
 */
export function readPresetFile(file: string): Record<string, PresetDefinition> {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (cause) {
    const reason = cause instanceof SyntaxError ? `not valid JSON (${cause.message})` : ((cause as NodeJS.ErrnoException).code ?? "read failed");
    throw new HooklineError("ERR_CONFIG_UNREADABLE", `cannot read preset file ${file}: ${reason}`, { cause });
  }
  const issues = validatePresetFile(data, file);
  if (issues.length > 0) throw configError(issues);
  return Object.fromEntries(Object.entries(data as Record<string, PresetDefinition>).filter(([name]) => !name.startsWith("$")));
}
