import { type ConfigIssue } from "@hookline/core";
import { resolveEnvReferences } from "@hookline/config";
import type { NatsConnectionOptions } from "./nats-connection.js";
import { NATS_SETTINGS_KEYS, natsSettingsSchema } from "./nats-settings-schema.js";
import type { NatsStreamOptions } from "./nats-stream.js";

/** The `nats` section resolved: environment references substituted, camelCase, milliseconds. */
export interface ResolvedNatsSettings extends NatsConnectionOptions, NatsStreamOptions {
  /** This `hookline run` is a worker: its callbacks take their events from the stream. */
  readonly consume: boolean;
  /** Durable consumer names are `<prefix>_<callback>`. @default "hookline" */
  readonly consumerPrefix: string;
  readonly ackWaitMs?: number;
  readonly maxAckPending?: number;
  readonly batchSize?: number;
}

/** What reading the section came to. */
export interface NatsSettingsResult {
  /** Undefined when the config has no `nats` section, or when it has issues. */
  readonly settings?: ResolvedNatsSettings;
  readonly issues: readonly ConfigIssue[];
  readonly warnings: readonly ConfigIssue[];
  /** Each environment value used, with its mask (`$NAME`), and each credential: to scrub from every message. */
  readonly secrets: readonly { readonly value: string; readonly mask: string }[];
}

const CREDENTIALS = new Set(["user", "password", "token"]);

/**
 * Reads hookline's `nats` section (the value of the top-level `nats` key of config.yaml):
 * `os.environ/NAME` and `${NAME}` references resolved from `env`, issues at `nats.<key>` and never
 * with a credential's value or a value taken from the environment.
 */
export function readNatsSettings(section: unknown, env: Readonly<Record<string, string | undefined>>, file?: string): NatsSettingsResult {
  const issues: ConfigIssue[] = [];
  const warnings: ConfigIssue[] = [];
  const secrets: { value: string; mask: string }[] = [];
  const at = (path: string, message: string): ConfigIssue => (file === undefined ? { path, message } : { file, path, message });
  if (section === undefined || section === null) return { issues, warnings, secrets };
  if (typeof section !== "object" || Array.isArray(section)) {
    return { issues: [at("nats", "expected a mapping (servers, stream, subject, consume, ...)")], warnings, secrets };
  }
  const fromEnv = new Map<string, string[]>();
  const resolve = (key: string, value: unknown): unknown => {
    if (typeof value !== "string") return value;
    const names: string[] = [];
    const result = resolveEnvReferences(value, env, (name, found) => {
      names.push(name);
      secrets.push({ value: found, mask: `$${name}` });
    });
    if (names.length > 0) fromEnv.set(key, names);
    for (const name of result.missing) issues.push(at(`nats.${key}`, `environment variable ${name} is not set`));
    if (CREDENTIALS.has(key) && result.missing.length === 0) secrets.push({ value: result.value, mask: "[redacted]" });
    return result.value;
  };
  const resolved: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(section)) {
    if (!NATS_SETTINGS_KEYS.includes(key)) {
      warnings.push(at(`nats.${key}`, `unknown key; expected one of ${NATS_SETTINGS_KEYS.join(", ")}`));
      continue;
    }
    if (value === null || value === undefined) continue;
    resolved[key] = Array.isArray(value) ? value.map((item) => resolve(key, item)) : resolve(key, value);
  }
  if (issues.length > 0) return { issues, warnings, secrets };
  const parsed = natsSettingsSchema.safeParse(resolved);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? "");
      const names = fromEnv.get(key);
      const message = names ? issue.message.replace(/; got [\s\S]*$/, "") + ` (from environment variable ${names.join(", ")}, not shown)` : issue.message;
      issues.push(at(["nats", ...issue.path.map(String)].join("."), message));
    }
    return { issues, warnings, secrets };
  }
  const s = parsed.data;
  if ((s.user === undefined) !== (s.password === undefined)) issues.push(at(s.user === undefined ? "nats.user" : "nats.password", "user and password go together; set both or neither"));
  if (s.token !== undefined && s.user !== undefined) issues.push(at("nats.token", "set either token or user and password, not both"));
  if (issues.length > 0) return { issues, warnings, secrets };
  const ms = (seconds: number | undefined): number | undefined => (seconds === undefined ? undefined : Math.max(1, Math.round(seconds * 1000)));
  const optional = {
    servers: s.servers,
    user: s.user,
    password: s.password,
    token: s.token,
    stream: s.stream,
    subject: s.subject,
    maxAgeMs: ms(s.max_age),
    duplicateWindowMs: ms(s.duplicate_window),
    ackWaitMs: ms(s.ack_wait),
    maxAckPending: s.max_ack_pending,
    batchSize: s.fetch_batch,
  };
  const settings: ResolvedNatsSettings = {
    consume: s.consume ?? false,
    consumerPrefix: s.consumer_prefix ?? "hookline",
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
  };
  return { settings, issues, warnings, secrets };
}
