import { z } from "zod";
import { EVENT_TYPES } from "../events/event-type.js";
import { checkHttpUrl } from "./check-http-url.js";
import { CONFIG_CHOICES } from "./config-choices.js";
import { describeValue } from "./describe-value.js";
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
  return z.string({ error: "expected an http(s) URL" }).transform((text, context) => {
    // A URL parser drops line breaks and tabs silently; a variable holding them is a mistake.
    if (/[\0-\x1f\x7f]/.test(text.trim())) context.addIssue({ code: "custom", message: "must not contain line breaks or control characters" });
    return text.trim();
  });
}

/**
 * The http exporter (the default) needs an http(s) endpoint; another exporter (`nats`) may need
 * none and checks its own. Runs whatever other keys are wrong, so every issue is listed at once.
 */
const checkEndpoint = z.superRefine<{ exporter?: unknown; endpoint?: unknown }>(
  ({ exporter, endpoint }, context) => {
    if (exporter !== undefined && exporter !== "http") return;
    const problem =
      endpoint === undefined ? "endpoint is required; expected an http(s) URL" : typeof endpoint === "string" && !/[\0-\x1f\x7f]/.test(endpoint) ? checkHttpUrl(endpoint) : undefined;
    if (problem !== undefined) context.addIssue({ code: "custom", path: ["endpoint"], message: problem });
  },
  { when: (payload) => typeof payload.value === "object" && payload.value !== null },
);

function eventTypesField() {
  return z.preprocess(
    (input) => (typeof input === "string" ? [input] : input),
    z.array(choiceField(EVENT_TYPES), { error: `expected a list of event types (${EVENT_TYPES.join(", ")})` }),
  );
}

/** A formatter name is valid when known, or when it names a package the registry can import. */
function isFormatterName(name: string, formatterTypes: readonly string[]): boolean {
  return formatterTypes.includes(name) || name.startsWith("@") || name.includes("hookline-formatter");
}

/** `log_format`: a name, or hookline's `{ type, options }` form. */
function logFormatField(formatterTypes: readonly string[]) {
  const expected = `expected one of ${formatterTypes.join(", ")}`;
  const hint = ' (third-party formatters are named by package, e.g. "@acme/hookline-formatter-xml")';
  return z.unknown().transform((input, context): { type: string; options?: Record<string, unknown> } => {
    const object = typeof input === "object" && input !== null && !Array.isArray(input);
    const type = object ? (input as Record<string, unknown>)["type"] : input;
    const options = object ? (input as Record<string, unknown>)["options"] : undefined;
    if (typeof type !== "string" || !isFormatterName(type, formatterTypes)) {
      const path = object ? ["type"] : [];
      context.addIssue({ code: "custom", path, message: `${expected}; got ${describeValue(type)}${hint}` });
      return z.NEVER;
    }
    if (options === undefined || options === null) return { type };
    if (typeof options !== "object" || Array.isArray(options)) {
      context.addIssue({ code: "custom", path: ["options"], message: "expected a mapping of formatter options" });
      return z.NEVER;
    }
    return { type, options: options as Record<string, unknown> };
  });
}

/**
 * The zod schema of one callback's settings, snake_case as in config.yaml (a `callback_settings`
 * entry merged over its preset). The single source of {@link CallbackSettings}.
 */
export function createCallbackSettingsSchema(formatterTypes: readonly string[]) {
  return z.object({
    callback_type: stringField().optional(),
    endpoint: endpointField().optional(),
    headers: headersField().optional(),
    event_types: eventTypesField().optional(),
    log_format: logFormatField(formatterTypes).optional(),
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
    exporter: stringField().optional(),
  }).check(checkEndpoint);
}

/** One callback's validated settings, snake_case; durations still in seconds. */
export type CallbackSettings = z.output<ReturnType<typeof createCallbackSettingsSchema>>;

/** Every key a callback entry may have, in documentation order. */
export const CALLBACK_SETTINGS_KEYS: readonly string[] = Object.keys(createCallbackSettingsSchema([]).shape);
