import type { ConfigIssue } from "@hookline/core";
import type { HooklineConfig } from "@hookline/config";
import { readNatsSettings, type ResolvedNatsSettings } from "@hookline/nats/config";
import { parse } from "yaml";

/** What `hookline run` and `validate` read from the config's `nats` section. */
export interface NatsConfig {
  /** Undefined without a `nats` section (a `nats` exporter then uses the defaults). */
  readonly settings?: ResolvedNatsSettings;
  readonly issues: readonly ConfigIssue[];
  readonly warnings: readonly ConfigIssue[];
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads the top-level `nats` section of config.yaml text the core config has already accepted
 * (so it is valid YAML), with the same environment (`environment_variables` over the process's).
 * Its credentials and environment values join `config.secrets`, so no message shows them.
 */
export function readNatsConfig(text: string, config: HooklineConfig, env: Readonly<Record<string, string | undefined>>): NatsConfig {
  const root: unknown = parse(text, { maxAliasCount: 1000 });
  if (!isMapping(root)) return { issues: [], warnings: [] };
  const section = root["environment_variables"];
  const configEnv: Record<string, string> = {};
  if (isMapping(section)) {
    for (const [name, value] of Object.entries(section)) {
      if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") configEnv[name] = String(value);
    }
  }
  const result = readNatsSettings(root["nats"], { ...env, ...configEnv }, config.file);
  for (const { value, mask } of result.secrets) config.secrets.add(value, mask);
  // A server URL may carry a user and password (nats://user:pass@host:4222).
  for (const server of result.settings?.servers ?? []) config.secrets.addUrl(server);
  const issues = [...result.issues, ...callbackIssues(config, result.settings)].map((issue) => ({ ...issue, message: config.secrets.scrub(issue.message) }));
  return { ...(result.settings ? { settings: result.settings } : {}), issues, warnings: result.warnings };
}

/** A `nats` callback must send one event per line; a worker must not consume into one. */
function callbackIssues(config: HooklineConfig, settings: ResolvedNatsSettings | undefined): ConfigIssue[] {
  const at = (path: string, message: string): ConfigIssue => (config.file === undefined ? { path, message } : { file: config.file, path, message });
  const issues: ConfigIssue[] = [];
  for (const callback of config.callbacks) {
    if (callback.exporter !== "nats") continue;
    if (callback.logFormat !== "ndjson" && callback.logFormat !== "single") {
      issues.push(at(`${callback.path}.log_format`, `the nats exporter publishes events one by one: expected ndjson or single; got "${callback.logFormat}"`));
    }
    if (settings?.consume) {
      issues.push(at(`${callback.path}.exporter`, `nats.consume is true: callback ${callback.name} would publish back into the stream it takes its events from; a worker's callbacks send to endpoints`));
    }
  }
  return issues;
}

/** Durable consumer names are `<prefix>_<callback>`, with what JetStream does not allow in a name replaced by `_`. */
export function durableName(prefix: string, callback: string): string {
  return `${prefix}_${callback.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}
