import { dirname, resolve } from "node:path";
import { readFile } from "node:fs/promises";
import {
  callbacksFromConfig,
  createPipeline,
  parseConfig,
  type DeliveryReport,
  type HooklineConfig,
  type Pipeline,
} from "@hookline/core";
import { presetConfigOptions } from "@hookline/presets";
import { builtinRegistry } from "./builtin-registry.js";
import { rateLimited, type Output } from "./console-output.js";

/** A loaded config and the pipeline built from it. */
export interface Runtime {
  readonly config: HooklineConfig;
  readonly pipeline: Pipeline;
}

/** Where a config comes from: a file, or text with a name for messages. */
export type ConfigSource = { readonly file: string } | { readonly text: string; readonly name: string; readonly dir: string };

/** Options of {@link startRuntime}. */
export interface RuntimeOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly output: Output;
  /** Called with the parsed config before any spool or dead-letter file is opened; may throw. */
  readonly check?: (config: HooklineConfig, configDir: string) => void;
}

/** Reads a config's text and the directory its relative paths and packages resolve from. */
export async function readConfigSource(source: ConfigSource): Promise<{ text: string; name: string; dir: string }> {
  if ("text" in source) return source;
  const file = resolve(source.file);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    const { HooklineError } = await import("@hookline/core");
    throw new HooklineError("ERR_CONFIG_UNREADABLE", `${source.file}: cannot read config file: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  return { text, name: source.file, dir: dirname(file) };
}

/** Loads a config, prints its warnings, and starts a pipeline with its callbacks. */
export async function startRuntime(source: ConfigSource, options: RuntimeOptions): Promise<Runtime> {
  const { text, name, dir } = await readConfigSource(source);
  const config = parseConfig(text, { file: name, ...(options.env ? { env: options.env } : {}), ...presetConfigOptions(dir) });
  for (const warning of config.warnings) options.output.err(`warning: ${name}: ${warning.path}: ${warning.message}`);
  options.check?.(config, dir);
  const warn = rateLimited(options.output.err);
  const registry = builtinRegistry([dir, process.cwd()]);
  const callbacks = await callbacksFromConfig(config.callbacks, registry, {
    baseDir: dir,
    onWarning: (message) => warn(`storage:${message}`, `warning: ${message}`),
    onUndelivered: (report: DeliveryReport, callback: string) => {
      warn(
        `${report.outcome}:${callback}:${report.dropReason ?? ""}`,
        `warning: callback ${callback}: ${report.events.length} event(s) ${report.outcome}: ${report.reason ?? report.dropReason ?? "unknown reason"}`,
      );
    },
  });
  const pipeline = createPipeline({ callbacks, onWarning: (message) => warn("pipeline", `warning: ${message}`) });
  return { config, pipeline };
}
