import type { EventType } from "@hookline/core";
import type { PresetDefinition } from "@hookline/config";

/** LiteLLM's own presets: the LiteLLM proxy runs these itself, from its copy of the catalog. */
export const LITELLM_PRESETS: readonly string[] = Object.freeze(["qualifire_eval", "rubrik", "sample_callback", "sumologic"]);

const ALL_EVENTS: readonly EventType[] = ["llm_api_success", "llm_api_failure"];
const PLACEHOLDER = /\{\{\s*environment_variables\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
/** Header names whose literal values are credentials. */
const SENSITIVE_NAME = /authorization|cookie|key|token|secret|password|passwd|signature|auth|credential/i;
const HIDDEN = "(hidden)";

/** What the built-in and well-known formatters write, for listings. */
const FORMAT_DESCRIPTIONS: Readonly<Record<string, string>> = {
  json_array: "one JSON array of LiteLLM payloads per request (`application/json`)",
  ndjson: "one LiteLLM payload per line, one request per batch (`application/x-ndjson`)",
  single: "one request per event, the LiteLLM payload as a JSON object (`application/json`)",
  otlp_json: "an OTLP/HTTP JSON `ExportLogsServiceRequest`, one log record per event (`application/json`)",
  splunk_hec: "Splunk HEC JSON events stacked in one request body (`application/json`)",
  loki: "a Loki push request: streams by label, one line per event, the payload as the line (`application/json`)",
  elasticsearch_bulk: "an Elasticsearch/OpenSearch Bulk API body: an action line and a document per event (`application/x-ndjson`)",
  chat_webhook: "a chat message (Slack, Discord or Microsoft Teams) listing the events (`application/json`)",
};

/** One environment variable of a preset, as listings show it. */
export interface VariableInfo {
  readonly name: string;
  readonly description: string;
  /** True when the variable has no default. */
  readonly required: boolean;
  readonly secret: boolean;
  readonly example?: string;
  readonly default?: string;
}

/** One request header of a preset, with templates shown as `$NAME` and literal credentials hidden. */
export interface HeaderInfo {
  readonly name: string;
  readonly value: string;
  readonly note?: string;
}

/** Everything listings and generated documentation say about a preset. Never holds a secret. */
export interface PresetInfo {
  readonly name: string;
  readonly displayName: string;
  readonly description: string;
  readonly website?: string;
  readonly apiReference?: string;
  readonly checked?: string;
  /** False when `docs.show_in_docs` is false. */
  readonly listed: boolean;
  /** True for LiteLLM's own presets. */
  readonly litellm: boolean;
  readonly events: readonly EventType[];
  /** True when the preset sends every event type. */
  readonly allEvents: boolean;
  readonly format: string;
  readonly formatDescription: string;
  readonly formatOptions: Readonly<Record<string, unknown>>;
  readonly method: "POST";
  /** The endpoint with templates as `$NAME` and literal credentials hidden. */
  readonly endpoint: string;
  readonly headers: readonly HeaderInfo[];
  readonly variables: readonly VariableInfo[];
  readonly batchSize?: number;
  readonly maxBatchBytes?: number;
  readonly flushInterval?: number;
  readonly compression?: string;
  /** The service's documented limits. */
  readonly serviceLimits?: string;
  readonly notes?: string;
}

/** `{{environment_variables.NAME}}` becomes `$NAME` (`${NAME}` when a name character follows). */
export function displayTemplate(template: string): string {
  return template.replace(PLACEHOLDER, (_match, name: string, offset: number, whole: string) => {
    const next = whole.charAt(offset + _match.length);
    return /[A-Za-z0-9_]/.test(next) ? `\${${name}}` : `$${name}`;
  });
}

const hasPlaceholder = (text: string): boolean => new RegExp(PLACEHOLDER.source).test(text);

/** A header value for display: templates as `$NAME`; a literal credential is hidden. */
function displayHeader(name: string, value: string): string {
  if (SENSITIVE_NAME.test(name) && !hasPlaceholder(value)) return HIDDEN;
  return displayTemplate(value);
}

/**
 * An endpoint for display: templates as `$NAME`. Literal userinfo (user and password) and literal
 * values of query parameters with credential-like names are hidden.
 */
export function displayEndpoint(template: string): string {
  let text = displayTemplate(template);
  text = text.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/@?#]*)@/i, (_match, scheme: string, userinfo: string) => {
    const parts = userinfo.split(":").map((part) => (part === "" || part.startsWith("$") ? part : HIDDEN));
    return `${scheme}${parts.join(":")}@`;
  });
  const query = text.indexOf("?");
  if (query < 0) return text;
  const parts = text
    .slice(query + 1)
    .split("&")
    .map((part) => {
      const eq = part.indexOf("=");
      if (eq < 0) return part;
      const key = part.slice(0, eq);
      const value = part.slice(eq + 1);
      return SENSITIVE_NAME.test(decodeURIComponentSafe(key)) && !value.startsWith("$") && value !== "" ? `${key}=${HIDDEN}` : part;
    });
  return `${text.slice(0, query)}?${parts.join("&")}`;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Formatter options for display: templates as `$NAME`; literal strings under credential-like keys hidden. */
function displayOptions(value: unknown, key = ""): unknown {
  if (typeof value === "string") return SENSITIVE_NAME.test(key) && !hasPlaceholder(value) ? HIDDEN : displayTemplate(value);
  if (Array.isArray(value)) return value.map((item) => displayOptions(item, key));
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, displayOptions(v, k)]));
  return value;
}

/** Every variable a preset's templates or `environment_variables` name, in order of first mention. */
function variableNames(preset: PresetDefinition): string[] {
  const names = new Set<string>(preset.environment_variables ?? []);
  const scan = (value: unknown): void => {
    if (typeof value === "string") for (const match of value.matchAll(PLACEHOLDER)) names.add(match[1] as string);
    else if (Array.isArray(value)) value.forEach(scan);
    else if (typeof value === "object" && value !== null) Object.values(value).forEach(scan);
  };
  scan([preset.endpoint, preset.headers, preset.basic_auth, preset.log_format_options]);
  return [...names];
}

/** Describes a preset for listings and documentation: templates shown as `$NAME`, no values. */
export function describePreset(name: string, preset: PresetDefinition): PresetInfo {
  const docs = preset.docs ?? {};
  const events = preset.event_types === undefined ? ALL_EVENTS : preset.event_types;
  const format = preset.log_format ?? "json_array";
  const headers: HeaderInfo[] = Object.entries(preset.headers ?? {}).map(([header, value]) => ({ name: header, value: displayHeader(header, value) }));
  if (preset.basic_auth && !headers.some((header) => header.name.toLowerCase() === "authorization")) {
    const user = displayTemplate(preset.basic_auth.username);
    const password = hasPlaceholder(preset.basic_auth.password) ? displayTemplate(preset.basic_auth.password) : HIDDEN;
    headers.push({ name: "Authorization", value: `Basic base64(${user}:${password})`, note: "omitted when both are empty" });
  }
  const variables: VariableInfo[] = variableNames(preset).map((variable) => {
    const info = preset.variables?.[variable] ?? {};
    return {
      name: variable,
      description: info.description ?? "",
      required: info.default === undefined,
      secret: info.secret === true,
      ...(info.example === undefined || info.secret === true ? {} : { example: info.example }),
      ...(info.default === undefined ? {} : { default: info.default }),
    };
  });
  return {
    name,
    displayName: docs.display_name ?? name,
    description: docs.description ?? "",
    ...(docs.website === undefined ? {} : { website: docs.website }),
    ...(docs.api_reference === undefined ? {} : { apiReference: docs.api_reference }),
    ...(docs.checked === undefined ? {} : { checked: docs.checked }),
    listed: docs.show_in_docs !== false,
    litellm: LITELLM_PRESETS.includes(name),
    events: [...events],
    allEvents: ALL_EVENTS.every((type) => events.includes(type)),
    format,
    formatDescription: FORMAT_DESCRIPTIONS[format] ?? `written by the formatter package \`${format}\``,
    formatOptions: (displayOptions(preset.log_format_options ?? {}) as Record<string, unknown>),
    method: "POST",
    endpoint: displayEndpoint(preset.endpoint),
    headers,
    variables,
    ...(preset.batch_size === undefined ? {} : { batchSize: preset.batch_size }),
    ...(preset.max_batch_bytes === undefined ? {} : { maxBatchBytes: preset.max_batch_bytes }),
    ...(preset.flush_interval === undefined ? {} : { flushInterval: preset.flush_interval }),
    ...(preset.compression === undefined ? {} : { compression: preset.compression }),
    ...(docs.limits === undefined ? {} : { serviceLimits: docs.limits }),
    ...(docs.additional_notes === undefined ? {} : { notes: docs.additional_notes }),
  };
}

/** `all` or the event types a preset sends. */
export function eventsLabel(info: PresetInfo): string {
  return info.allEvents ? "all" : info.events.map((type) => type.replace(/^llm_api_/, "")).join(", ");
}

/** A quoted YAML string. */
const yamlString = (text: string): string => JSON.stringify(text);

/** The `environment_variables` value a snippet shows: a placeholder for secrets, else default or example. */
function snippetValue(variable: VariableInfo): string {
  if (variable.secret) return `<${variable.name}>`;
  return variable.default !== undefined && variable.default !== "" ? variable.default : (variable.example ?? `<${variable.name}>`);
}

function variableComment(variable: VariableInfo): string {
  if (variable.secret) return variable.required ? "secret" : "secret; optional";
  if (!variable.required) return variable.default === "" ? "optional" : `optional; default ${JSON.stringify(variable.default)}`;
  return "";
}

/** `hookline run`'s quick start: a config.yaml and the shell lines that set the variables. */
export function hooklineQuickStart(info: PresetInfo): { configYaml: string; shell: string } {
  const configYaml = ["litellm_settings:", `  callbacks: [${yamlString(info.name)}]`, ""].join("\n");
  const exports = info.variables.map((variable) => {
    const comment = variableComment(variable);
    const line = `export ${variable.name}=${yamlString(snippetValue(variable))}${comment ? `   # ${comment}` : ""}`;
    return variable.required ? line : `# ${line}`;
  });
  const shell = [...exports, "hookline run --config config.yaml", ""].join("\n");
  return { configYaml, shell };
}

/** The LiteLLM proxy's `config.yaml` with this preset and its `environment_variables`. */
export function litellmConfigYaml(info: PresetInfo): string {
  const lines = ["litellm_settings:", `  callbacks: [${yamlString(info.name)}]`];
  if (info.variables.length > 0) {
    lines.push("environment_variables:");
    for (const variable of info.variables) {
      const comment = variableComment(variable);
      lines.push(`  ${variable.name}: ${yamlString(snippetValue(variable))}${comment ? `   # ${comment}` : ""}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** LiteLLM's `config.yaml` lines that hand every log to `hookline run` on its default address. */
export const LITELLM_TO_HOOKLINE_YAML = [
  "litellm_settings:",
  '  callbacks: ["hookline"]',
  "callback_settings:",
  "  hookline:",
  "    callback_type: generic_api",
  "    endpoint: http://127.0.0.1:4400/v1/callbacks/logs",
  "    log_format: ndjson",
  "",
].join("\n");
