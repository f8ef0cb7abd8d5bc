import { dirname, resolve } from "node:path";
import { HooklineError } from "@hookline/core";
import type { ConfigReport } from "./config-report.js";
import { describeValue } from "./describe-value.js";
import { keyPath } from "./key-path.js";
import type { LoadConfigOptions, PresetsPathEntry } from "./load-config-options.js";
import type { PresetCatalog } from "./preset-catalog.js";
import { resolveEnvReferences } from "./resolve-env-references.js";

/** `over`'s presets, then `base`'s for the names `over` does not have. */
function layerCatalogs(base: PresetCatalog | undefined, over: PresetCatalog): PresetCatalog {
  const names = Object.freeze([...new Set([...(base?.names() ?? []), ...over.names()])].sort());
  return { get: (name) => over.get(name) ?? base?.get(name), names: () => names };
}

/**
 * The entries of `presets_path` (a string or a list of strings), environment references resolved.
 * An entry that used a variable is a secret in every form a message may print it in, the path
 * resolved against `baseDir` included, masked as the entry is written (`$PRESETS`).
 */
function readEntries(raw: unknown, env: Readonly<Record<string, string | undefined>>, baseDir: string, report: ConfigReport): PresetsPathEntry[] {
  const expected = "expected a preset file path or package name, or a list of them";
  const items: Array<[unknown, string]> =
    typeof raw === "string" ? [[raw, "presets_path"]] : Array.isArray(raw) ? raw.map((item, i) => [item, keyPath("presets_path", i)]) : [];
  if (typeof raw !== "string" && !Array.isArray(raw)) report.issue("presets_path", `${expected}; got ${describeValue(raw)}`);
  const entries: PresetsPathEntry[] = [];
  for (const [item, path] of items) {
    if (typeof item !== "string" || item.trim() === "") {
      report.issue(path, `${expected}; got ${describeValue(item)}`);
      continue;
    }
    const names: string[] = [];
    const resolved = resolveEnvReferences(item.trim(), env, (name, value) => {
      names.push(name);
      report.envUse(name, value);
    });
    for (const name of resolved.missing) report.issue(path, `environment variable ${name} is not set`);
    if (resolved.missing.length > 0) continue;
    if (names.length > 0) {
      const written = names.length === 1 && resolved.value === env[names[0] as string] ? `$${names[0]}` : item.trim();
      report.secrets.add(resolve(baseDir, resolved.value), written).add(resolved.value, written);
    }
    entries.push({ spec: resolved.value, path });
  }
  return entries;
}

/**
 * The presets a config may name: `options.presets`, plus the preset files and packages its
 * top-level `presets_path` lists (loaded by `options.loadPresets`, relative to `options.baseDir`),
 * which replace built-in presets of the same name. Problems are reported at `presets_path`.
 */
export function resolvePresetCatalog(
  root: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
  options: LoadConfigOptions,
  report: ConfigReport,
): PresetCatalog | undefined {
  const raw = root["presets_path"];
  if (raw === undefined || raw === null) return options.presets;
  const baseDir = options.baseDir ?? (options.file === undefined ? process.cwd() : dirname(resolve(options.file)));
  const entries = readEntries(raw, env, baseDir, report);
  if (entries.length === 0) return options.presets;
  if (options.loadPresets === undefined) {
    report.issue("presets_path", "this program cannot load preset files (LoadConfigOptions.loadPresets is not set; the hookline command line sets it)");
    return options.presets;
  }
  try {
    return layerCatalogs(options.presets, options.loadPresets(entries, baseDir));
  } catch (err) {
    if (!HooklineError.is(err)) throw err;
    if (err.issues.length === 0) report.issue("presets_path", err.message);
    for (const issue of err.issues) report.issue(issue.path === "" ? "presets_path" : issue.path, issue.message);
    return options.presets;
  }
}
