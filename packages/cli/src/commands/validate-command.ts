import { HooklineError } from "@hookline/core";
import { callbacksFromConfig, validateConfig } from "@hookline/config";
import { presetConfigOptions } from "@hookline/presets";
import { builtinComponentTypes, builtinRegistry } from "../builtin-registry.js";
import type { Output } from "../console-output.js";
import { readNatsConfig } from "../nats/nats-config.js";
import { noCallbacksProblem } from "../no-callbacks.js";
import { receiverConfigIssues } from "../run/receiver-config-issues.js";
import { readConfigSource } from "../runtime.js";
import { UsageError } from "../usage-error.js";

/**
 * `hookline validate --config FILE`: prints every problem with its key path (and warnings), then
 * builds each callback's formatter and exporter to check their options. Exit status 1 on any
 * problem.
 */
export async function validateCommand(
  options: { readonly config?: string | undefined },
  context: { readonly output: Output; readonly env?: Readonly<Record<string, string | undefined>> },
): Promise<number> {
  const values = options;
  if (!values.config) throw new UsageError("validate needs --config FILE");
  const { output } = context;
  const source = await readConfigSource({ file: values.config });
  const result = validateConfig(source.text, { file: source.name, ...(context.env ? { env: context.env } : {}), ...presetConfigOptions(source.dir), componentTypes: builtinComponentTypes() });
  for (const warning of result.warnings) output.err(`warning: ${source.name}: ${warning.path}: ${warning.message}`);
  for (const issue of result.issues) output.err(`error: ${source.name}: ${issue.path}: ${issue.message}`);
  if (!result.config) {
    output.err(`${result.issues.length} problem(s) in ${source.name}`);
    return 1;
  }
  const nats = readNatsConfig(source.text, result.config, context.env ?? process.env);
  for (const warning of nats.warnings) output.err(`warning: ${source.name}: ${warning.path}: ${warning.message}`);
  for (const issue of nats.issues) output.err(`error: ${source.name}: ${issue.path}: ${issue.message}`);
  const registry = builtinRegistry([source.dir, process.cwd()], nats.settings);
  let problems = nats.issues.length;
  // What `hookline run` would refuse with this config's sources.http.
  const { server } = result.config;
  for (const issue of receiverConfigIssues(result.config, server, false)) {
    problems += 1;
    output.err(`error: ${source.name}: ${issue.path}: ${issue.message}`);
  }
  for (const callback of result.config.callbacks) {
    try {
      const [built] = await callbacksFromConfig([callback], registry, { openStorage: false, secrets: result.config.secrets });
      await built?.exporter.close?.();
    } catch (err) {
      if (!HooklineError.is(err)) throw err;
      problems += Math.max(1, err.issues.length);
      if (err.issues.length === 0) output.err(`error: ${source.name}: ${err.message}`);
      for (const issue of err.issues) output.err(`error: ${source.name}: ${issue.path}: ${issue.message}`);
    }
  }
  const none = noCallbacksProblem(result.config, source.name);
  if (none !== undefined) {
    output.err(`error: ${none}`);
    problems += 1;
  }
  if (problems > 0) {
    output.err(`${problems} problem(s) in ${source.name}`);
    return 1;
  }
  const names = result.config.callbacks.map((c) => c.name);
  output.out(`${source.name}: OK, ${names.length} callback(s): ${names.join(", ") || "(none)"}`);
  return 0;
}
