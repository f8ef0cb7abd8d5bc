import { didYouMean, type PresetCatalog, type PresetDefinition } from "@hookline/config";
import { describePreset, eventsLabel, hooklineQuickStart, LITELLM_TO_HOOKLINE_YAML, litellmConfigYaml, type PresetInfo } from "@hookline/presets";
import type { Output } from "../console-output.js";
import { UsageError } from "../usage-error.js";
import { presetCatalogFor } from "./preset-catalog-for.js";

/** Renders rows as left-aligned columns separated by two spaces. */
function columns(rows: readonly (readonly string[])[]): string[] {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((row) => (row[i] ?? "").length)));
  return rows.map((row) => row.map((text, i) => (i === row.length - 1 ? text : text.padEnd(widths[i] ?? 0))).join("  ").trimEnd());
}

const indent = (text: string, prefix = "  "): string =>
  text
    .replace(/\n$/, "")
    .split("\n")
    .map((line) => (line === "" ? line : `${prefix}${line}`))
    .join("\n");

/** A likely meant preset: a close spelling, else the one name that contains what was typed. */
export function suggestPreset(input: string, names: readonly string[]): string | undefined {
  const close = didYouMean(input, names);
  if (close !== undefined) return close;
  const normalize = (text: string): string => text.toLowerCase().replace(/[-_]/g, "");
  const typed = normalize(input);
  const containing = typed.length < 3 ? [] : names.filter((candidate) => normalize(candidate).includes(typed));
  return containing.length === 1 ? containing[0] : undefined;
}

/** The aligned table of `hookline presets`. */
export function presetsTable(catalog: PresetCatalog): string {
  const header = ["NAME", "SERVICE", "EVENTS", "FORMAT", "REQUIRED VARIABLES"];
  const rows = catalog.names().map((name) => {
    const info = describePreset(name, catalog.get(name) as PresetDefinition);
    const required = info.variables.filter((variable) => variable.required).map((variable) => variable.name);
    return [name, info.displayName, eventsLabel(info), info.format, required.join(", ") || "-"];
  });
  return columns([header, ...rows]).join("\n");
}

function limitsText(info: PresetInfo): string {
  const parts = [
    `batch_size ${info.batchSize ?? "default"}`,
    `max_batch_bytes ${info.maxBatchBytes ?? "unlimited"}`,
    `flush_interval ${info.flushInterval === undefined ? "default" : `${info.flushInterval} s`}`,
    `compression ${info.compression ?? "none"}`,
  ];
  return [parts.join(", "), ...(info.serviceLimits ? [`service: ${info.serviceLimits}`] : [])].join("\n");
}

/** The text of `hookline presets show NAME`. Never contains a variable's value. */
export function presetDetails(info: PresetInfo): string {
  const out: string[] = [`${info.displayName} (${info.name})`];
  if (info.description) out.push(info.description);
  out.push("");
  const facts: string[][] = [];
  if (info.website) facts.push(["Website:", info.website]);
  if (info.apiReference) facts.push(["API reference:", `${info.apiReference}${info.checked ? ` (checked ${info.checked})` : ""}`]);
  facts.push(["Events:", info.allEvents ? `all (${info.events.join(", ")})` : info.events.join(", ")]);
  facts.push(["Format:", `${info.format}: ${info.formatDescription}`]);
  for (const [key, value] of Object.entries(info.formatOptions)) facts.push(["", `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`]);
  facts.push(["Request:", `${info.method} ${info.endpoint}`]);
  for (const header of info.headers) facts.push(["", `${header.name}: ${header.value}${header.note ? ` (${header.note})` : ""}`]);
  out.push(...columns(facts));
  out.push("", "Variables ($NAME in the request stands for the variable's value, which is never shown):");
  if (info.variables.length === 0) out.push("  none");
  for (const variable of info.variables) {
    const flags = [
      variable.required ? "required" : variable.default === "" ? "optional" : `optional, default ${variable.default}`,
      ...(variable.secret ? ["secret"] : []),
    ];
    out.push(`  ${variable.name} (${flags.join(", ")})`);
    if (variable.description) out.push(`      ${variable.description}`);
    if (variable.example !== undefined) out.push(`      Example: ${variable.example}`);
  }
  out.push("", "Limits:", indent(limitsText(info)));
  if (info.notes) out.push("", "Notes:", indent(info.notes));
  const quick = hooklineQuickStart(info);
  out.push("", "hookline: config.yaml", indent(quick.configYaml), "", "hookline: shell", indent(quick.shell));
  out.push("", "LiteLLM proxy: config.yaml", indent(litellmConfigYaml(info)));
  out.push(
    "",
    info.litellm
      ? "  LiteLLM ships this preset, so the LiteLLM proxy runs this file as it is; hookline reads it unchanged."
      : "  LiteLLM does not ship this preset: run hookline on this file and forward LiteLLM's logs to hookline with:",
  );
  if (!info.litellm) out.push(indent(LITELLM_TO_HOOKLINE_YAML));
  return out.join("\n");
}

/**
 * `hookline presets [--config FILE]` lists the presets as an aligned table; `hookline presets
 * show NAME [--config FILE]` describes one. With `--config`, the config's `presets_path` presets
 * are included. An unknown NAME exits with status 1 and lists the known names.
 */
export async function presetsCommand(
  values: { readonly action?: string | undefined; readonly name?: string | undefined; readonly config?: string | undefined },
  context: { readonly output: Output; readonly env?: Readonly<Record<string, string | undefined>> },
): Promise<number> {
  const { action, name } = values;
  const { output } = context;
  if (action !== undefined && action !== "show" && action !== "list") throw new UsageError(`presets: unknown action "${action}"; expected show NAME`);
  if (action === "show" && name === undefined) throw new UsageError("presets show needs a preset NAME");
  if (action === "list" && name !== undefined) throw new UsageError(`presets: unexpected argument "${name}"`);
  const catalog = await presetCatalogFor(values.config, context.env);
  if (action !== "show" || name === undefined) {
    output.out(presetsTable(catalog));
    output.out("");
    output.out("Details: hookline presets show NAME");
    return 0;
  }
  const preset = catalog.get(name);
  if (preset === undefined) {
    const suggestion = suggestPreset(name, catalog.names());
    output.err(`hookline: unknown preset "${name}"${suggestion ? ` (did you mean "${suggestion}"?)` : ""}; known presets: ${catalog.names().join(", ")}`);
    return 1;
  }
  output.out(presetDetails(describePreset(name, preset)));
  return 0;
}
