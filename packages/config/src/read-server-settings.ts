import type { HooklineConfig } from "./callback-config.js";
import type { ConfigReport } from "./config-report.js";
import { CONFIG_DEFAULTS } from "./defaults.js";
import { describeValue, hideEnvValue } from "./describe-value.js";
import { keyPath } from "./key-path.js";
import { resolveEnvReferences } from "./resolve-env-references.js";
import { SOURCES_KEYS, sourcesSchema } from "./sources-schema.js";
import { isMapping } from "./is-mapping.js";
import { unknownKeyMessage } from "./unknown-key-message.js";

function warnUnknownKeys(value: Record<string, unknown>, valid: readonly string[], path: string, report: ConfigReport): void {
  for (const key of Object.keys(value)) {
    if (!valid.includes(key)) report.warn(keyPath(path, key), unknownKeyMessage(key, valid));
  }
}

/** Reads hookline's `sources.http` section into {@link HooklineConfig.server}, with defaults. */
export function readServerSettings(
  sources: unknown,
  env: Readonly<Record<string, string | undefined>>,
  report: ConfigReport,
): HooklineConfig["server"] {
  const fallback: HooklineConfig["server"] = { ...CONFIG_DEFAULTS.server };
  if (sources === undefined || sources === null) return fallback;
  if (!isMapping(sources)) {
    report.issue("sources", `expected a mapping; got ${describeValue(sources)}`);
    return fallback;
  }
  warnUnknownKeys(sources, SOURCES_KEYS.sources, "sources", report);
  const http = sources["http"];
  const resolved: Record<string, unknown> = {};
  // The variables each key's value came from: such a value is never echoed.
  const fromEnv = new Map<string, string[]>();
  if (isMapping(http)) {
    warnUnknownKeys(http, SOURCES_KEYS.http, "sources.http", report);
    for (const key of SOURCES_KEYS.http) {
      const value = http[key];
      if (value === undefined || value === null) continue;
      if (typeof value !== "string") {
        resolved[key] = value;
        continue;
      }
      const names: string[] = [];
      const result = resolveEnvReferences(value, env, (name, found) => {
        names.push(name);
        report.envUse(name, found);
      });
      if (names.length > 0) fromEnv.set(key, names);
      for (const name of result.missing) report.issue(keyPath("sources.http", key), `environment variable ${name} is not set`);
      if (result.missing.length === 0) resolved[key] = result.value;
    }
  }
  const parsed = sourcesSchema.safeParse({ http: http === undefined || http === null ? undefined : isMapping(http) ? resolved : http });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const names = issue.path[0] === "http" ? fromEnv.get(String(issue.path[1])) : undefined;
      report.issue(keyPath("sources", ...issue.path), names ? hideEnvValue(issue.message, names) : issue.message);
    }
    return fallback;
  }
  const settings = parsed.data.http ?? {};
  const ms = (seconds: number | undefined): number | undefined => (seconds === undefined ? undefined : Math.round(seconds * 1000));
  const optional = {
    authToken: settings.auth_token,
    allowUnauthenticated: settings.allow_unauthenticated,
    deadLetterPath: settings.dead_letter_path,
    maxConnections: settings.max_connections,
    maxBodyBytes: settings.max_body_bytes,
    headersTimeoutMs: ms(settings.headers_timeout),
    requestTimeoutMs: ms(settings.request_timeout),
    idleTimeoutMs: ms(settings.idle_timeout),
  };
  return {
    host: settings.host ?? fallback.host,
    port: settings.port ?? fallback.port,
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
  };
}
