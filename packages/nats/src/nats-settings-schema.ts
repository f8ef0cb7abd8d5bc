import { z } from "zod";

/** A value from YAML: its kind for messages, never the value itself for strings (they may be secrets). */
function kind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return "a string";
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${String(value)}`;
}

const NATS_URL = /^(nats|tls|ws|wss):\/\/[^\s/]+\/?$/;

function serverField() {
  return z
    .string({ error: (issue) => `expected a server URL (nats://host:port); got ${kind(issue.input)}` })
    .refine((text) => NATS_URL.test(text.trim()), { error: "expected a server URL such as nats://127.0.0.1:4222 (the value is not shown)" })
    .transform((text) => text.trim());
}

/** A credential: its value never appears in a message. */
function secretField() {
  return z.string({ error: "expected a string (the value is not shown)" }).refine((text) => text !== "", { error: "expected a non-empty string" });
}

function nameField(what: string) {
  // JetStream names: no whitespace, dots, wildcards or path separators.
  return z.string({ error: `expected ${what}` }).regex(/^[A-Za-z0-9_-]+$/, { error: `expected ${what} (letters, digits, _ and - only)` });
}

function numberField(what: string, min: number) {
  return z.preprocess(
    (value) => (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value)) ? Number(value) : value),
    z.number({ error: (issue) => `expected ${what}; got ${kind(issue.input)}` }).refine((n) => Number.isFinite(n) && n >= min, { error: `expected ${what}` }),
  );
}

function integerField(what: string, min: number) {
  return numberField(what, min).refine((n) => Number.isInteger(n), { error: `expected ${what}` });
}

const booleanField = z.preprocess((value) => (value === "true" ? true : value === "false" ? false : value), z.boolean({ error: "expected true or false" }));

/**
 * The zod schema of hookline's `nats` section of config.yaml (LiteLLM has no such key). The single
 * source of {@link NatsSettings}. Durations in seconds, as everywhere in config.yaml.
 */
export const natsSettingsSchema = z.object(
  {
    servers: z.preprocess((value) => (typeof value === "string" ? value.split(",") : value), z.array(serverField(), { error: "expected a server URL or a list of them" }).min(1)).optional(),
    user: secretField().optional(),
    password: secretField().optional(),
    token: secretField().optional(),
    stream: nameField("a stream name").optional(),
    subject: z.string({ error: "expected a subject" }).regex(/^[^\s*>]+$/, { error: "expected a subject without spaces or wildcards" }).optional(),
    max_age: numberField("a number of seconds above 0", 0.001).optional(),
    duplicate_window: numberField("a number of seconds above 0", 0.001).optional(),
    consume: booleanField.optional(),
    consumer_prefix: nameField("a consumer name prefix").optional(),
    ack_wait: numberField("a number of seconds of at least 1", 1).optional(),
    max_ack_pending: integerField("a whole number of at least 1", 1).optional(),
    fetch_batch: integerField("a whole number of at least 1", 1).optional(),
  },
  { error: "expected a mapping (servers, stream, subject, consume, ...)" },
);

/** The validated `nats` section, snake_case, seconds. */
export type NatsSettings = z.output<typeof natsSettingsSchema>;

/** Every key of the `nats` section, in documentation order. */
export const NATS_SETTINGS_KEYS: readonly string[] = Object.keys(natsSettingsSchema.shape);
