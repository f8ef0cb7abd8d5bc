import { createPipeline, type DeliveryReport, type Pipeline } from "@hookline/core";
import { callbacksFromConfig, parseConfig, type HooklineConfig, type LoadConfigOptions } from "@hookline/config";
import { loadPresetCatalog } from "@hookline/presets";
import { builtinRegistry } from "../../packages/cli/dist/index.js";

/** A pipeline built from config.yaml text, the way `hookline run` builds it. */
export interface ConfigPipeline {
  readonly config: HooklineConfig;
  readonly pipeline: Pipeline;
  /** Every failed or dropped group of events, per callback. */
  readonly undelivered: { callback: string; report: DeliveryReport }[];
  /** Warnings the pipeline gave. */
  readonly warnings: string[];
}

/** Options of {@link pipelineFromYaml}. */
export interface PipelineFromYamlOptions {
  /** Environment the config resolves against; defaults to an empty one (never process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Presets; LiteLLM's built-in catalog by default. */
  readonly presets?: LoadConfigOptions["presets"];
  readonly file?: string;
}

/**
 * parseConfig + callbacksFromConfig (with the CLI's builtinRegistry) + createPipeline.
 * The caller shuts the pipeline down (see `useCleanup`).
 */
export async function pipelineFromYaml(yaml: string, options: PipelineFromYamlOptions = {}): Promise<ConfigPipeline> {
  const config = parseConfig(yaml, {
    env: options.env ?? {},
    presets: options.presets ?? loadPresetCatalog(),
    ...(options.file ? { file: options.file } : {}),
  });
  const undelivered: ConfigPipeline["undelivered"] = [];
  const warnings: string[] = [];
  const callbacks = await callbacksFromConfig(config.callbacks, builtinRegistry(), {
    onUndelivered: (report, callback) => void undelivered.push({ callback, report }),
  });
  const pipeline = createPipeline({ callbacks, onWarning: (message) => void warnings.push(message) });
  return { config, pipeline, undelivered, warnings };
}

/** Shuts a pipeline down with a deadline, so a teardown never hangs on retries. */
export function shutdownQuickly(pipeline: Pipeline): Promise<unknown> {
  return pipeline.shutdown({ deadlineMs: 2000 });
}
