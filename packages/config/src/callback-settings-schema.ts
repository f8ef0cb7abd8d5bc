import { z } from "zod";
import { EVENT_TYPES, isPackageName, isTypeName } from "@hookline/core";
import { checkHttpUrl } from "./check-http-url.js";
import { CONFIG_CHOICES } from "./config-choices.js";
import { CONFIG_DEFAULTS } from "./defaults.js";
import { describeValue } from "./describe-value.js";
import { didYouMean } from "./did-you-mean.js";
import { isMapping } from "./is-mapping.js";
import { choiceField, integerField, optionsField, secondsField, stringField } from "./schema-fields.js";

// What HTTP can carry: a name is a token (RFC 9110), a value is tab, space, visible ASCII and
// bytes 0x80-0xFF (what undici sends); a line break would start a new header.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const CONTROL = /[\0-\x08\x0a-\x1f\x7f]/;
const ABOVE_LATIN1 = /[^\0-\xff]/;

/** Why a header value cannot be sent, or undefined; never the value, where the secrets are. */
function headerValueProblem(text: string): string | undefined {
  if (/[\r\n]/.test(text)) return "must not contain a line break";
  if (CONTROL.test(text)) return "must not contain control characters";
  if (ABOVE_LATIN1.test(text)) return "must not contain characters above U+00FF (HTTP header values are Latin-1 bytes)";
  return undefined;
}

/** Headers: numbers and booleans become strings (YAML reads `X-Tenant: 42` as a number). */
function headersField() {
  const value = z.preprocess(
    (input) => (typeof input === "number" || typeof input === "boolean" ? String(input) : input),
    z.string({ error: "expected a string or number" }).superRefine((text, context) => {
      const problem = headerValueProblem(text);
      if (problem !== undefined) context.addIssue({ code: "custom", message: problem });
    }),
  );
  return z.record(z.string(), value, { error: "expected a mapping of header names to values" }).superRefine((headers, context) => {
    const names = Object.keys(headers);
    names.forEach((name, index) => {
      // Not shown: a name with a line break would break the message, and a misplaced token may be one.
      if (!HEADER_NAME.test(name)) {
        context.addIssue({
          code: "custom",
          message: `the name of header ${index + 1} (of ${names.length}) is not a valid HTTP header name (letters, digits and !#$%&'*+-.^_\`|~ only; the name is not shown)`,
        });
      }
    });
  });
}

function endpointField() {
  return z
    .string({
      error: (issue) => (issue.input === undefined ? "endpoint is required; expected an http(s) URL" : "expected an http(s) URL"),
    })
    .transform((text, context) => {
      // A URL parser drops line breaks and tabs silently; a variable holding them is a mistake.
      const problem = /[\0-\x1f\x7f]/.test(text.trim()) ? "must not contain line breaks or control characters" : checkHttpUrl(text);
      if (problem !== undefined) context.addIssue({ code: "custom", message: problem });
      return text.trim();
    });
}

function eventTypesField() {
  return z.preprocess(
    (input) => (typeof input === "string" ? [input] : input),
    z.array(choiceField(EVENT_TYPES), { error: `expected a list of event types (${EVENT_TYPES.join(", ")})` }),
  );
}

/** Which component types the config may name; a name not listed must be a package name. */
export interface ComponentTypes {
  readonly formatter?: readonly string[];
  readonly exporter?: readonly string[];
  readonly processor?: readonly string[];
}

/**
 * Why `name` cannot name a `kind` here, or undefined. With no list of known types, only the
 * naming rule is checked (the registry says later whether such a component exists).
 */
function typeNameProblem(name: unknown, kind: keyof ComponentTypes, known: readonly string[] | undefined): string | undefined {
  const packageHint = `third-party ${kind}s are named by package, e.g. "@acme/hookline-${kind}-x"`;
  if (typeof name !== "string") return `expected a ${kind} type; got ${describeValue(name)}`;
  if (isPackageName(name)) return undefined;
  if (known === undefined) return isTypeName(name) ? undefined : `expected a snake_case ${kind} type or a package name (${packageHint}); got ${describeValue(name)}`;
  if (known.includes(name)) return undefined;
  const suggestion = didYouMean(name, known);
  return `expected one of ${known.join(", ")}; got ${describeValue(name)}${suggestion ? ` (did you mean "${suggestion}"?)` : ""} (${packageHint})`;
}

/** A component written as a name or as a mapping; `nested` says where its options are. */
interface ComponentRef {
  readonly type: string;
  readonly options: Record<string, unknown>;
}

/**
 * A component reference: a name, or a mapping with `type`. With `nested`, options are under
 * `options` (hookline's `log_format: { type, options }`); otherwise they are the mapping's other
 * keys (`exporter: { type: nats, subject: x }`, a processor `{ type: mask, detectors: [...] }`).
 */
function componentField(kind: keyof ComponentTypes, known: readonly string[] | undefined, nested: boolean, allowName: boolean) {
  return z.unknown().transform((input, context): ComponentRef => {
    const object = isMapping(input);
    if (!object && !allowName) {
      context.addIssue({ code: "custom", message: `expected a mapping with a type, e.g. { type: ${known?.[0] ?? "x"} }; got ${describeValue(input)}` });
      return z.NEVER;
    }
    const type = object ? input["type"] : input;
    const problem = typeNameProblem(type, kind, known);
    if (problem !== undefined) {
      context.addIssue({ code: "custom", path: object ? ["type"] : [], message: problem });
      return z.NEVER;
    }
    if (!object) return { type: type as string, options: {} };
    if (!nested) {
      const { type: _type, ...options } = input;
      return { type: type as string, options };
    }
    const options = input["options"];
    const extra = Object.keys(input).filter((key) => key !== "type" && key !== "options");
    if (extra.length > 0) {
      context.addIssue({ code: "custom", path: [extra[0]!], message: `unknown key; a ${kind} mapping has type and options` });
      return z.NEVER;
    }
    if (options === undefined || options === null) return { type: type as string, options: {} };
    if (!isMapping(options)) {
      context.addIssue({ code: "custom", path: ["options"], message: `expected a mapping of ${kind} options; got ${describeValue(options)}` });
      return z.NEVER;
    }
    return { type: type as string, options };
  });
}

function processorsField(known: readonly string[] | undefined) {
  return z.array(componentField("processor", known, false, false), {
    error: (issue) => `expected a list of processors, e.g. [{ type: mask }]; got ${describeValue(issue.input)}`,
  });
}

function booleanField() {
  return z.boolean({ error: (issue) => `expected true or false; got ${describeValue(issue.input)}` });
}

function fieldListField() {
  return z.preprocess(
    (input) => (typeof input === "string" ? [input] : input),
    z.array(stringField("a field name"), { error: (issue) => `expected a list of field names; got ${describeValue(issue.input)}` }),
  );
}

/**
 * LiteLLM's privacy settings, read from `litellm_settings` for every callback and from a
 * `callback_settings` entry for that callback alone (which wins).
 */
export function createPrivacySettingsSchema() {
  return {
    turn_off_message_logging: booleanField().optional(),
    redact_user_api_key_info: booleanField().optional(),
    standard_logging_payload_excluded_fields: fieldListField().optional(),
  };
}

/**
 * The zod schema of one callback's settings, snake_case as in config.yaml (a `callback_settings`
 * entry merged over its preset). The single source of {@link CallbackSettings}.
 */
export function createCallbackSettingsSchema(types: ComponentTypes = {}) {
  return z.object({
    callback_type: stringField().optional(),
    endpoint: endpointField().optional(),
    headers: headersField().optional(),
    event_types: eventTypesField().optional(),
    log_format: componentField("formatter", types.formatter, true, true).optional(),
    log_format_options: optionsField().optional(),
    batch_size: integerField(1).optional(),
    flush_interval: secondsField(false).optional(),
    max_batch_bytes: integerField(1).optional(),
    max_retries: integerField(0).optional(),
    retry_delay: secondsField(true).optional(),
    max_retry_delay: secondsField(false).optional(),
    max_retry_after: secondsField(false).optional(),
    max_retry_time: secondsField(true).optional(),
    timeout: secondsField(false).optional(),
    method: z.preprocess((input) => (typeof input === "string" ? input.toUpperCase() : input), choiceField(CONFIG_CHOICES.methods)).optional(),
    max_concurrency: integerField(1).optional(),
    max_queue_events: integerField(1).optional(),
    max_queue_bytes: integerField(1).optional(),
    queue_full_policy: choiceField(CONFIG_CHOICES.queueFullPolicies).optional(),
    compression: choiceField(CONFIG_CHOICES.compressions).optional(),
    dead_letter_path: stringField().optional(),
    spool_path: stringField().optional(),
    exporter: componentField("exporter", types.exporter, false, true).optional(),
    processors: processorsField(types.processor).optional(),
    ...createPrivacySettingsSchema(),
  }).superRefine((settings, context) => {
    // Only the http exporter sends to an endpoint; another exporter says where in its options.
    const type = settings.exporter?.type ?? CONFIG_DEFAULTS.exporter;
    if (type === CONFIG_DEFAULTS.exporter && settings.endpoint === undefined) {
      context.addIssue({ code: "custom", path: ["endpoint"], message: "endpoint is required; expected an http(s) URL" });
    }
  });
}

/** One callback's validated settings, snake_case; durations still in seconds. */
export type CallbackSettings = z.output<ReturnType<typeof createCallbackSettingsSchema>>;

/** Every key a callback entry may have, in documentation order. */
export const CALLBACK_SETTINGS_KEYS: readonly string[] = Object.keys(createCallbackSettingsSchema().shape);
