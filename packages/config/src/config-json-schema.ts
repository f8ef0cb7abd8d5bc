import { z } from "zod";
import { EVENT_TYPES, type ComponentDefinition, type JsonSchema } from "@hookline/core";
import { createCallbackSettingsSchema } from "./callback-settings-schema.js";
import { CONFIG_DEFAULTS } from "./defaults.js";
import { sourcesSchema } from "./sources-schema.js";

type Schema = Record<string, unknown>;

/** What a config value may also be: an environment reference, resolved when the config is read. */
const ENV_REFERENCE: Schema = {
  type: "string",
  pattern: "^os\\.environ/[A-Za-z_][A-Za-z0-9_]*$|\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}",
  description: "An environment reference: os.environ/NAME, or ${NAME} inside a string",
};

const PACKAGE_NAME: Schema = {
  type: "string",
  pattern: "^(@[a-z0-9][\\w.-]*/[a-z0-9][\\w.-]*|hookline-(formatter|exporter|processor|source)-[a-z0-9][\\w.-]*)$",
  description: "A third-party component, named by its npm package",
};

/** One line per callback key, for editors' hover text. */
const CALLBACK_KEY_DESCRIPTIONS: Readonly<Record<string, string>> = {
  callback_type: "generic_api for a callback hookline sends (LiteLLM's own callbacks are skipped)",
  endpoint: "The http(s) URL events are sent to (required for the http exporter)",
  headers: "Request headers; values may use environment references. Never printed",
  event_types: `Which events the callback sends: ${EVENT_TYPES.join(", ")} (default: all)`,
  log_format: `Body format: a formatter name or { type, options } (default ${CONFIG_DEFAULTS.logFormat})`,
  log_format_options: "Options of the formatter",
  batch_size: `Events per request (default ${CONFIG_DEFAULTS.batchSize}, or DEFAULT_BATCH_SIZE)`,
  flush_interval: `Seconds an event may wait for its batch to fill (default ${CONFIG_DEFAULTS.flushIntervalSeconds})`,
  max_batch_bytes: "Largest request body in bytes, before compression",
  max_retries: "Most retries of a batch after its first attempt (default: retry until max_retry_time)",
  retry_delay: `Seconds before the first retry (default ${CONFIG_DEFAULTS.retryDelaySeconds})`,
  max_retry_delay: `Longest delay between retries, in seconds (default ${CONFIG_DEFAULTS.maxRetryDelaySeconds})`,
  max_retry_after: `Longest Retry-After honoured, in seconds (default ${CONFIG_DEFAULTS.maxRetryAfterSeconds})`,
  max_retry_time: `Seconds a batch is retried before it is dead-lettered; 0 for no limit (default ${CONFIG_DEFAULTS.maxRetryTimeSeconds})`,
  timeout: `Seconds per attempt (default ${CONFIG_DEFAULTS.timeoutSeconds})`,
  method: `HTTP method (default ${CONFIG_DEFAULTS.method})`,
  max_concurrency: `Requests in flight at once (default ${CONFIG_DEFAULTS.maxConcurrency})`,
  max_queue_events: `Events held before queue_full_policy applies (default ${CONFIG_DEFAULTS.maxQueueEvents})`,
  max_queue_bytes: "Bytes held before queue_full_policy applies (default: unlimited)",
  queue_full_policy: `What a full queue does with a new event (default ${CONFIG_DEFAULTS.queueFullPolicy})`,
  compression: `Request body compression (default ${CONFIG_DEFAULTS.compression})`,
  dead_letter_path: "File undeliverable events are appended to, as NDJSON",
  spool_path: "Directory of the on-disk queue, which survives a restart",
  exporter: `Where batches go: an exporter name or { type, ...options } (default ${CONFIG_DEFAULTS.exporter})`,
  processors: "Steps that change, drop or route events, in order, after event_types",
  turn_off_message_logging: "Replace messages and response texts with redacted-by-litellm (overrides litellm_settings)",
  redact_user_api_key_info: "Drop the metadata.user_api_key_* fields (overrides litellm_settings)",
  standard_logging_payload_excluded_fields: "Top-level payload fields to drop (overrides litellm_settings)",
};

/** `schema` as JSON (TypeBox schemas carry symbols; they are dropped) without its `$schema`. */
function plain(schema: JsonSchema | undefined): Schema {
  const { $schema: _dialect, ...rest } = JSON.parse(JSON.stringify(schema ?? { type: "object" })) as Schema;
  return rest;
}

/** `schema` with the options that have a default no longer required (TypeBox lists them; the registry fills them in). */
function withoutDefaultedRequired(schema: Schema): Schema {
  const properties = (schema["properties"] as Record<string, Schema> | undefined) ?? {};
  const required = ((schema["required"] as string[] | undefined) ?? []).filter((name) => properties[name]?.["default"] === undefined);
  return { ...schema, required };
}

/** A processor or exporter written `{ type, ...options }`: its options schema with `type` added. */
function flatComponent(definition: ComponentDefinition, requireOptions = true): Schema {
  const options = withoutDefaultedRequired(plain(definition.optionsSchema));
  const properties = { type: { const: definition.type }, ...((options["properties"] as Schema | undefined) ?? {}) };
  // An exporter's required options may come from the callback (the http exporter's url is its endpoint).
  const required = ["type", ...(requireOptions ? (options["required"] as string[]) : [])];
  return { ...options, type: "object", properties, required, ...(definition.description ? { description: definition.description } : {}) };
}

function ofKind(definitions: readonly ComponentDefinition[], kind: ComponentDefinition["kind"]): ComponentDefinition[] {
  return definitions.filter((definition) => definition.kind === kind).sort((a, b) => a.type.localeCompare(b.type));
}

/** Numbers and booleans may also be environment references, which are strings until resolved. */
function allowEnvReferences(schema: Schema): Schema {
  const type = schema["type"];
  if (type === "number" || type === "integer" || type === "boolean") return { anyOf: [schema, ENV_REFERENCE] };
  return schema;
}

/**
 * `schema` as a config may write it before zod's preprocessing: numbers and booleans may be
 * environment references, and (with `singleForList`) a list may be one value.
 */
function writtenForm(schema: Schema, singleForList: boolean): Schema {
  const properties = schema["properties"] as Record<string, Schema> | undefined;
  if (properties) {
    const loosened = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, writtenForm(value, singleForList)]));
    return { ...schema, properties: loosened };
  }
  if (schema["type"] === "array" && singleForList && schema["items"]) return { anyOf: [schema, schema["items"] as Schema] };
  return allowEnvReferences(schema);
}

function callbackEntrySchema(definitions: readonly ComponentDefinition[]): Schema {
  const generated = z.toJSONSchema(createCallbackSettingsSchema(), { io: "input", unrepresentable: "any" }) as Schema;
  const properties: Record<string, Schema> = {};
  for (const [key, value] of Object.entries(generated["properties"] as Record<string, Schema>)) {
    properties[key] = { ...allowEnvReferences(value), ...(CALLBACK_KEY_DESCRIPTIONS[key] ? { description: CALLBACK_KEY_DESCRIPTIONS[key] } : {}) };
  }
  const formatters = ofKind(definitions, "formatter");
  const exporters = ofKind(definitions, "exporter");
  const processors = ofKind(definitions, "processor");
  const describe = (key: string, schema: Schema): Schema => ({ ...schema, description: CALLBACK_KEY_DESCRIPTIONS[key] });
  properties["event_types"] = describe("event_types", {
    anyOf: [{ enum: [...EVENT_TYPES] }, { type: "array", items: { enum: [...EVENT_TYPES] } }],
  });
  properties["headers"] = describe("headers", { type: "object", additionalProperties: { type: ["string", "number", "boolean"] } });
  properties["log_format"] = describe("log_format", {
    anyOf: [
      { enum: formatters.map((definition) => definition.type) },
      PACKAGE_NAME,
      ...formatters.map((definition) => ({
        type: "object",
        properties: { type: { const: definition.type }, options: withoutDefaultedRequired(plain(definition.optionsSchema)) },
        required: ["type"],
        additionalProperties: false,
      })),
      { type: "object", properties: { type: PACKAGE_NAME, options: { type: "object" } }, required: ["type"], additionalProperties: false },
    ],
  });
  properties["exporter"] = describe("exporter", {
    anyOf: [
      { enum: exporters.map((definition) => definition.type) },
      PACKAGE_NAME,
      ...exporters.map((definition) => flatComponent(definition, false)),
      { type: "object", properties: { type: PACKAGE_NAME }, required: ["type"] },
    ],
  });
  properties["processors"] = describe("processors", {
    type: "array",
    items: { anyOf: [...processors.map((definition) => flatComponent(definition)), { type: "object", properties: { type: PACKAGE_NAME }, required: ["type"] }] },
  });
  return { type: "object", properties, additionalProperties: false };
}

/** Options of {@link configJsonSchema}. */
export interface ConfigJsonSchemaOptions {
  /** Top-level sections that packages add (the `nats` section), by key: their zod schema and a line about them. */
  readonly sections?: Readonly<Record<string, { readonly schema: z.ZodType; readonly description: string }>>;
}

/**
 * The JSON Schema of a whole hookline config (a LiteLLM proxy `config.yaml`), for editors
 * (`# yaml-language-server: $schema=...`) and for checking a config before it is deployed.
 * `definitions` are the components the config may name (a registry's built-ins); third-party
 * packages are accepted by name. LiteLLM's other sections are allowed and not described.
 */
export function configJsonSchema(definitions: readonly ComponentDefinition[], options: ConfigJsonSchemaOptions = {}): Schema {
  const sources = z.toJSONSchema(sourcesSchema, { io: "input", unrepresentable: "any" }) as Schema;
  delete sources["$schema"];
  const list = (description: string): Schema => ({ anyOf: [{ type: "string" }, { type: "array", items: { type: "string" } }], description });
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "hookline config (LiteLLM proxy config.yaml)",
    type: "object",
    properties: {
      litellm_settings: {
        type: "object",
        description: "LiteLLM's settings; hookline reads the callback lists and the privacy keys",
        properties: {
          callbacks: list("Callbacks that get every event"),
          success_callback: list("Callbacks that get successes only"),
          failure_callback: list("Callbacks that get failures only"),
          turn_off_message_logging: { type: "boolean", description: "Replace messages and response texts with redacted-by-litellm, for every callback" },
          redact_user_api_key_info: { type: "boolean", description: "Drop the metadata.user_api_key_* fields, for every callback" },
          standard_logging_payload_excluded_fields: { type: "array", items: { type: "string" }, description: "Top-level payload fields to drop, for every callback" },
        },
      },
      callback_settings: { type: "object", description: "One entry per callback", additionalProperties: callbackEntrySchema(definitions) },
      environment_variables: {
        type: "object",
        description: "Variables laid over the process environment for this config",
        additionalProperties: { type: ["string", "number", "boolean", "null"] },
      },
      presets_path: list("Preset files (JSON) or packages to load besides the built-in presets"),
      sources: { ...writtenForm(sources, false), description: "hookline's own sources (the HTTP receiver of hookline run)" },
      ...Object.fromEntries(
        Object.entries(options.sections ?? {}).map(([key, section]) => {
          const generated = z.toJSONSchema(section.schema, { io: "input", unrepresentable: "any" }) as Schema;
          delete generated["$schema"];
          return [key, { ...writtenForm(generated, true), description: section.description }];
        }),
      ),
    },
  };
}
