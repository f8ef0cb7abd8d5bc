import { dirname, resolve } from "node:path";
import { readFile } from "node:fs/promises";
import { configError, createPipeline, ErrorCodes, HooklineError, type Pipeline } from "@hookline/core";
import { callbacksFromConfig, parseConfig, type HooklineConfig } from "@hookline/config";
import type { ResolvedNatsSettings } from "@hookline/nats/config";
import { presetConfigOptions } from "@hookline/presets";
import { builtinComponentTypes, builtinRegistry } from "./builtin-registry.js";
import { log, rateLimited, type Output } from "./console-output.js";
import { readNatsConfig } from "./nats/nats-config.js";
import { noCallbacksProblem } from "./no-callbacks.js";

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
    throw new HooklineError("ERR_CONFIG_UNREADABLE", `${source.file}: cannot read config file: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  return { text, name: source.file, dir: dirname(file) };
}

/** A parsed config and where it came from. */
export interface LoadedConfig {
  readonly config: HooklineConfig;
  /** The file name, for messages. */
  readonly name: string;
  /** The directory its relative paths and packages resolve from. */
  readonly dir: string;
  /** The `nats` section, when there is one. */
  readonly nats?: ResolvedNatsSettings;
}

/** Reads and parses a config and prints its warnings. @throws HooklineError for any problem. */
export async function loadConfig(source: ConfigSource, options: RuntimeOptions): Promise<LoadedConfig> {
  const { text, name, dir } = await readConfigSource(source);
  const config = parseConfig(text, { file: name, ...(options.env ? { env: options.env } : {}), ...presetConfigOptions(dir), componentTypes: builtinComponentTypes() });
  const nats = readNatsConfig(text, config, options.env ?? process.env);
  for (const warning of [...config.warnings, ...nats.warnings]) options.output.err(`warning: ${name}: ${warning.path}: ${warning.message}`);
  if (nats.issues.length > 0) throw configError(nats.issues);
  options.check?.(config, dir);
  const problem = noCallbacksProblem(config, name);
  if (problem !== undefined) throw new HooklineError(ErrorCodes.CONFIG_INVALID, problem);
  const names = config.callbacks.map((callback) => callback.name);
  log(options.output, "debug", `config ${name}: ${names.length} callback(s): ${names.join(", ")}`, { config: name, callbacks: names.length });
  return { config, name, dir, ...(nats.settings ? { nats: nats.settings } : {}) };
}

/**
 * Creates every callback's formatter and exporter without opening any file, and closes them:
 * what building the pipeline would find wrong, short of the disk. A reload runs it before it
 * stops the running pipeline.
 */
export async function checkCallbacks(loaded: LoadedConfig): Promise<void> {
  const callbacks = await callbacksFromConfig(loaded.config.callbacks, builtinRegistry([loaded.dir, process.cwd()], loaded.nats), {
    baseDir: loaded.dir,
    openStorage: false,
    secrets: loaded.config.secrets,
  });
  await Promise.all(callbacks.map((callback) => callback.exporter.close?.()));
}

/** The absolute spool and dead-letter paths of a config's callbacks. */
export function storagePaths(loaded: LoadedConfig): string[] {
  return loaded.config.callbacks.flatMap((callback) =>
    [callback.spoolPath, callback.deadLetterPath].filter((path): path is string => path !== undefined).map((path) => resolve(loaded.dir, path)),
  );
}

/** Starts a pipeline with the config's callbacks (opening their dead-letter files and spools). */
export async function buildPipeline(loaded: LoadedConfig, options: RuntimeOptions): Promise<Pipeline> {
  const { secrets } = loaded.config;
  // Whatever a warning quotes (an endpoint's answer, a path) is scrubbed of the config's secrets.
  const warn = rateLimited((line) => options.output.err(secrets.scrub(line)));
  const registry = builtinRegistry([loaded.dir, process.cwd()], loaded.nats);
  const callbacks = await callbacksFromConfig(loaded.config.callbacks, registry, {
    baseDir: loaded.dir,
    secrets,
    onWarning: (message) => warn(`storage:${message}`, `warning: ${message}`),
  });
  // The pipeline rate-limits its own warnings (dropped and failed events: one per callback and
  // reason every 10 s); they go to stderr instead of process.emitWarning.
  return createPipeline({ callbacks, onWarning: (message) => options.output.err(secrets.scrub(`warning: ${message}`)) });
}

/** Loads a config, prints its warnings, and starts a pipeline with its callbacks. */
export async function startRuntime(source: ConfigSource, options: RuntimeOptions): Promise<Runtime> {
  const loaded = await loadConfig(source, options);
  return { config: loaded.config, pipeline: await buildPipeline(loaded, options) };
}
