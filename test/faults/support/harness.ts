/**
 * Wiring shared by the fault scenarios: configs, in-process pipelines and `hookline run`
 * processes with teardown, payloads with unique ids, and reading /metrics.
 */
import { join } from "node:path";
import type { StandardLoggingPayload } from "@hookline/core";
import { pipelineFromYaml, type ConfigPipeline } from "../../support/config-pipeline.js";
import { spawnHookline, startHooklineRun, type HooklineProcess, type RunningHookline, type SpawnOptions } from "../../support/hookline-process.js";
import { makeTempDir, type TempDir } from "../../support/temp-files.js";
import { startFaultServer, type FaultServer, type FaultServerOptions } from "./fault-server.js";

export type Cleanup = (task: () => unknown | Promise<unknown>) => void;

/** Settings under `callback_settings.api`; values are written as YAML scalars. */
export type Settings = Readonly<Record<string, string | number>>;

/** Settings that keep every retry short. */
export const FAST_RETRIES: Settings = { retry_delay: 0.01, max_retry_delay: 0.2, timeout: 5 };

/** A LiteLLM-style config with one `generic_api` callback named `api`. */
export function configYaml(endpoint: string, settings: Settings, extra = ""): string {
  const lines = Object.entries(settings).map(([key, value]) => `    ${key}: ${typeof value === "string" ? JSON.stringify(value) : String(value)}`);
  return `litellm_settings:
  callbacks: ["api"]
callback_settings:
  api:
    callback_type: generic_api
    endpoint: ${endpoint}
${lines.join("\n")}
${extra}`;
}

/** Payloads with ids `${prefix}-0`...`${prefix}-(n-1)`, each padded to about `bytes` of JSON. */
export function payloads(n: number, prefix: string, bytes = 0): StandardLoggingPayload[] {
  return Array.from({ length: n }, (_, i) => payload(`${prefix}-${i}`, bytes));
}

export function payload(id: string, bytes = 0): StandardLoggingPayload {
  const base = { id, status: "success", model: "gpt-4o", response_cost: 0.001 };
  const size = JSON.stringify(base).length;
  return (bytes > size + 12 ? { ...base, messages: "x".repeat(bytes - size - 14) } : base) as unknown as StandardLoggingPayload;
}

export const idsOf = (items: readonly StandardLoggingPayload[]): string[] => items.map((p) => p.id as string);

export async function tempDir(cleanup: Cleanup): Promise<TempDir> {
  const dir = await makeTempDir("hookline-faults-");
  cleanup(() => dir.remove());
  return dir;
}

export async function faultServer(cleanup: Cleanup, options: FaultServerOptions = {}): Promise<FaultServer> {
  const server = await startFaultServer(options);
  cleanup(() => server.close());
  return server;
}

/** An in-process pipeline built from config (what `hookline run` builds), shut down after the test. */
export async function inProcess(cleanup: Cleanup, endpoint: string, settings: Settings): Promise<ConfigPipeline> {
  const built = await pipelineFromYaml(configYaml(endpoint, settings));
  cleanup(() => built.pipeline.shutdown({ deadlineMs: 1000 }));
  return built;
}

/** Ids of events the pipeline reported dropped (from `onUndelivered`). */
export function droppedIdsOf(built: ConfigPipeline): string[] {
  return built.undelivered.filter((u) => u.report.outcome === "dropped").flatMap((u) => u.report.events.map((e) => e.payload.id as string));
}

/** Writes `config.yaml` into `dir`; returns its path. */
export function writeConfig(dir: TempDir, endpoint: string, settings: Settings, extra = "", name = "config.yaml"): Promise<string> {
  return dir.write(name, configYaml(endpoint, settings, extra));
}

/** `hookline run --config FILE --port 0 ...`, SIGKILLed after the test if still running. */
export async function runProcess(
  cleanup: Cleanup,
  configFile: string,
  options: SpawnOptions & { readonly extraArgs?: readonly string[] } = {},
): Promise<RunningHookline> {
  const proc = await startHooklineRun(configFile, options);
  cleanup(async () => {
    proc.kill("SIGKILL");
    await proc.exited;
  });
  return proc;
}

export function spawnProcess(cleanup: Cleanup, args: readonly string[], options: SpawnOptions = {}): HooklineProcess {
  const proc = spawnHookline(args, options);
  cleanup(async () => {
    proc.kill("SIGKILL");
    await proc.exited;
  });
  return proc;
}

/** POSTs payloads as a JSON array to a `hookline run` receiver. */
export async function post(logsUrl: string, body: readonly unknown[]): Promise<{ status: number; retryAfter: string | null; json: unknown }> {
  const response = await fetch(logsUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await response.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, retryAfter: response.headers.get("retry-after"), json };
}

/** GETs a path of a `hookline run` process as text. */
export async function getText(baseUrl: string, path: string): Promise<string> {
  return (await fetch(`${baseUrl}${path}`)).text();
}

/** A sample's value in Prometheus text, by name and (a subset of) labels; undefined when absent. */
export function metricValue(text: string, name: string, labels: Readonly<Record<string, string>> = {}): number | undefined {
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries(
      [...(match[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]),
    );
    if (Object.entries(labels).every(([k, v]) => present[k] === v)) return Number(match[3]);
  }
  return undefined;
}

export const deadLetterPath = (dir: TempDir, name = "dead.ndjson"): string => join(dir.path, name);
