import { describe, expect, it } from "vitest";
import { type ConfigIssue } from "@hookline/core";
import type { PresetCatalog } from "./preset-catalog.js";
import { validateConfig } from "./validate-config.js";

const presets: PresetCatalog = {
  get: (name) =>
    name === "rubrik"
      ? {
          endpoint: "{{environment_variables.RUBRIK_WEBHOOK_URL}}",
          headers: { Authorization: "Bearer {{environment_variables.RUBRIK_API_KEY}}" },
          environment_variables: ["RUBRIK_API_KEY", "RUBRIK_WEBHOOK_URL"],
        }
      : undefined,
  names: () => ["rubrik"],
};

const FILE = "/etc/hookline/config.yaml";
const validate = (text: string, env: Record<string, string> = {}) => validateConfig(text, { file: FILE, env, presets });
const api = (settings: string) => `
litellm_settings: { callbacks: [my_api] }
callback_settings:
  my_api:
    callback_type: generic_api
    endpoint: https://logs.example.com/v1
${settings.replace(/^/gm, "    ")}`;
const only = (issues: readonly ConfigIssue[]): ConfigIssue => {
  expect(issues).toHaveLength(1);
  return issues[0] as ConfigIssue;
};

describe("validateConfig: callback settings", () => {
  it("rejects a log_format the given component types lack, listing them", () => {
    const result = validateConfig(api("log_format: ndjsn"), { file: FILE, env: {}, componentTypes: { formatter: ["json_array", "ndjson"] } });
    const issue = only(result.issues);
    expect(issue).toMatchObject({ file: FILE, path: "callback_settings.my_api.log_format" });
    expect(issue.message).toContain('expected one of json_array, ndjson; got "ndjsn" (did you mean "ndjson"?)');
  });

  it("without component types, checks only the naming rule (the registry checks existence)", () => {
    expect(validate(api("log_format: xml")).config?.callbacks[0]?.logFormat).toBe("xml");
    const issue = only(validate(api("log_format: Not-A-Name")).issues);
    expect(issue.path).toBe("callback_settings.my_api.log_format");
    expect(issue.message).toContain("expected a snake_case formatter type or a package name");
    expect(validate(api("log_format: '@acme/hookline-formatter-xml'")).config?.callbacks[0]?.logFormat).toBe("@acme/hookline-formatter-xml");
  });

  it("rejects an endpoint that is not an http(s) URL, without echoing it", () => {
    const withEndpoint = (endpoint: string) => validate(`callback_settings: { a: { callback_type: generic_api, endpoint: "${endpoint}" } }`);
    const notUrl = only(withEndpoint("not a url with sk-secret-123").issues);
    expect(notUrl.path).toBe("callback_settings.a.endpoint");
    expect(notUrl.message).toContain("expected an http(s) URL");
    const ftp = only(withEndpoint("ftp://user:sk-secret-123@example.com/x?token=sk-secret-123").issues);
    expect(ftp.message).toBe("expected an http(s) URL; got a ftp URL");
  });

  it("requires an endpoint", () => {
    const issue = only(validate("callback_settings: { a: { callback_type: generic_api } }").issues);
    expect(issue).toMatchObject({ path: "callback_settings.a.endpoint", message: "endpoint is required; expected an http(s) URL" });
  });

  it("rejects unknown event types, listing the valid ones", () => {
    const issue = only(validate(api("event_types: [llm_api_success, llm_api_retry]")).issues);
    expect(issue.path).toBe("callback_settings.my_api.event_types[1]");
    expect(issue.message).toBe('expected one of llm_api_success, llm_api_failure; got "llm_api_retry"');
  });

  it("rejects a negative batch size and other out-of-range numbers", () => {
    const issues = validate(api("batch_size: -5\nflush_interval: 0\nmax_retries: 1.5\nmethod: GET\ncompression: zip")).issues;
    expect(issues.map((i) => [i.path, i.message])).toEqual([
      ["callback_settings.my_api.batch_size", "expected a positive integer; got -5"],
      ["callback_settings.my_api.flush_interval", "expected a number of seconds > 0; got 0"],
      ["callback_settings.my_api.max_retries", "expected an integer >= 0; got 1.5"],
      ["callback_settings.my_api.method", 'expected one of POST, PUT, PATCH; got "GET"'],
      ["callback_settings.my_api.compression", 'expected one of none, gzip, deflate, br; got "zip"'],
    ]);
  });

  it("rejects a bad DEFAULT_BATCH_SIZE, naming the variable but not echoing its value", () => {
    const issue = only(validate(api(""), { DEFAULT_BATCH_SIZE: "lots" }).issues);
    expect(issue).toMatchObject({ path: "env.DEFAULT_BATCH_SIZE", message: "environment variable DEFAULT_BATCH_SIZE: expected a positive integer (its value is not shown)" });
  });

  it("warns about unknown keys with a suggestion and the valid keys", () => {
    const result = validate(api("batchsize: 10"));
    expect(result.issues).toEqual([]);
    const warning = only(result.warnings);
    expect(warning.path).toBe("callback_settings.my_api.batchsize");
    expect(warning.message).toContain('unknown key "batchsize" (did you mean "batch_size"?)');
    expect(warning.message).toContain("Valid keys: callback_type, endpoint, headers");
    expect(result.config?.warnings).toEqual([warning]);
  });
});

describe("validateConfig: environment references", () => {
  it("names the variable and the key path for os.environ/ and ${} in headers", () => {
    const issues = validate(api("headers:\n  Authorization: os.environ/RUBRIK_API_KEY\n  X-Org: org-${ORG_ID}")).issues;
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      "callback_settings.my_api.headers.Authorization: environment variable RUBRIK_API_KEY is not set",
      "callback_settings.my_api.headers.X-Org: environment variable ORG_ID is not set",
    ]);
  });

  it("reports one issue listing every missing variable of a preset", () => {
    const issue = only(validate("litellm_settings: { callbacks: [rubrik] }").issues);
    expect(issue.path).toBe("litellm_settings.callbacks[0]");
    expect(issue.message).toContain('preset "rubrik" needs environment variables RUBRIK_API_KEY, RUBRIK_WEBHOOK_URL');
  });

  it("does not require preset variables whose fields an entry overrides", () => {
    const text = "litellm_settings: { callbacks: [rubrik] }\ncallback_settings: { rubrik: { callback_type: generic_api, endpoint: https://x.example.com } }";
    expect(only(validate(text).issues).message).toContain("needs environment variable RUBRIK_API_KEY,");
    expect(validate(text, { RUBRIK_API_KEY: "k" }).issues).toEqual([]);
  });
});

describe("validateConfig: unknown callbacks and structure", () => {
  it("rejects an unknown callback, listing what was expected", () => {
    const issue = only(validate("litellm_settings: { callbacks: [generic_api_x, rubik] }\n", { GENERIC_LOGGER_ENDPOINT: "https://x" }).issues.slice(1));
    expect(issue.path).toBe("litellm_settings.callbacks[1]");
    expect(issue.message).toBe(
      'unknown callback "rubik" (did you mean "rubrik"?); expected generic_api, a callback_settings entry with callback_type: generic_api, or a preset (rubrik)',
    );
  });

  it("reports every problem at once, each with file and path", () => {
    const result = validate(`
litellm_settings:
  callbacks: [foo, my_api, 42]
callback_settings:
  my_api:
    callback_type: generic_api
    endpoint: "mailto:x@example.com"
    log_format: "x m l"
    batch_size: 0
    event_types: [nope]
sources: { http: { port: 70000 } }`);
    expect(result.config).toBeUndefined();
    expect(result.issues.map((i) => i.path).sort()).toEqual([
      "callback_settings.my_api.batch_size",
      "callback_settings.my_api.endpoint",
      "callback_settings.my_api.event_types[0]",
      "callback_settings.my_api.log_format",
      "litellm_settings.callbacks[0]",
      "litellm_settings.callbacks[2]",
      "sources.http.port",
    ]);
    expect(result.issues.every((i) => i.file === FILE)).toBe(true);
  });

  it("rejects sections of the wrong shape", () => {
    const result = validate("litellm_settings: [a]\ncallback_settings: 3\nenvironment_variables: { A: [1] }");
    expect(result.issues.map((i) => i.path)).toEqual(["environment_variables.A", "litellm_settings", "callback_settings"]);
  });

  it("rejects a config that is not a mapping, and accepts an empty one", () => {
    expect(only(validate("- a\n- b").issues).message).toContain("expected a mapping at the top level");
    const empty = validate("");
    expect(empty.config?.callbacks).toEqual([]);
    expect(only(empty.warnings).message).toContain("no generic_api callbacks are configured");
  });
});

describe("validateConfig: secrets", () => {
  it("never puts a header value or URL credential in any message", () => {
    const secret = "sk-secret-123";
    const result = validate(
      `
litellm_settings: { callbacks: [my_api, generic_api] }
callback_settings:
  my_api:
    callback_type: generic_api
    endpoint: "ftp://u:${secret}@example.com/?key=${secret}"
    headers:
      Authorization: { nested: ${secret} }
      X-Key: "${secret}\\nInjected: 1"
      X-Missing: "\${NOT_SET}${secret}"
    batch_size: "\${WRONG_VARIABLE}"
`,
      { GENERIC_LOGGER_ENDPOINT: `not-a-url-${secret}`, GENERIC_LOGGER_HEADERS: `A=${secret},${secret}`, WRONG_VARIABLE: secret },
    );
    expect(result.issues.length).toBeGreaterThanOrEqual(6);
    for (const issue of [...result.issues, ...result.warnings]) expect(`${issue.path} ${issue.message}`).not.toContain(secret);
    expect(result.issues.map((i) => i.message)).toContain("the value of header X-Key: must not contain a line break");
  });
});

describe("validateConfig: processors, privacy and exporter options", () => {
  it("turns LiteLLM's privacy keys into processors ahead of the callback's own, the callback's keys winning", () => {
    const result = validateConfig(
      `
litellm_settings:
  callbacks: [a, b]
  turn_off_message_logging: true
  standard_logging_payload_excluded_fields: hidden_params
callback_settings:
  a: { callback_type: generic_api, endpoint: https://a.example.com, processors: [{ type: mask, detectors: [email] }] }
  b: { callback_type: generic_api, endpoint: https://b.example.com, turn_off_message_logging: false, redact_user_api_key_info: true }
`,
      { env: {} },
    );
    expect(result.issues).toEqual([]);
    const [a, b] = result.config?.callbacks ?? [];
    expect(a?.processors).toEqual([
      { type: "redact_messages", options: {}, path: "litellm_settings.turn_off_message_logging" },
      { type: "exclude_fields", options: { fields: ["hidden_params"] }, path: "litellm_settings.standard_logging_payload_excluded_fields" },
      { type: "mask", options: { detectors: ["email"] }, path: "callback_settings.a.processors[0]" },
    ]);
    expect(b?.processors).toEqual([
      { type: "redact_user_api_key_info", options: {}, path: "callback_settings.b.redact_user_api_key_info" },
      { type: "exclude_fields", options: { fields: ["hidden_params"] }, path: "litellm_settings.standard_logging_payload_excluded_fields" },
    ]);
  });

  it("rejects a processor that is not a mapping with a type", () => {
    const issue = only(validate(api("processors: [mask]")).issues);
    expect(issue.path).toBe("callback_settings.my_api.processors[0]");
    expect(issue.message).toContain('expected a mapping with a type, e.g. { type: x }; got "mask"');
    expect(only(validate(api("processors: { type: mask }")).issues).message).toContain("expected a list of processors");
  });

  it("reads exporter: { type, ...options }; only the http exporter needs an endpoint", () => {
    const text = `
litellm_settings: { callbacks: [q] }
callback_settings:
  q: { callback_type: generic_api, exporter: { type: nats, subject: hookline.events } }
`;
    const callback = validateConfig(text, { env: {} }).config?.callbacks[0];
    expect(callback).toMatchObject({ exporter: "nats", exporterOptions: { subject: "hookline.events" } });
    expect(callback?.endpoint).toBeUndefined();
    const missing = only(validate(`litellm_settings: { callbacks: [h] }\ncallback_settings: { h: { callback_type: generic_api, exporter: http } }`).issues);
    expect(missing).toMatchObject({ path: "callback_settings.h.endpoint", message: "endpoint is required; expected an http(s) URL" });
  });
});
