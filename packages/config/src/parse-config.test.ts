import { describe, expect, it } from "vitest";
import { parseConfig } from "./parse-config.js";
import type { PresetCatalog } from "./preset-catalog.js";
import type { PresetDefinition } from "./preset-definition.js";

// LiteLLM's own presets, inline: core must not depend on @hookline/presets.
const PRESETS: Record<string, PresetDefinition> = {
  sample_callback: {
    event_types: ["llm_api_success", "llm_api_failure"],
    endpoint: "{{environment_variables.SAMPLE_CALLBACK_URL}}",
    headers: { "Content-Type": "application/json", Authorization: "Bearer {{environment_variables.SAMPLE_CALLBACK_API_KEY}}" },
    environment_variables: ["SAMPLE_CALLBACK_URL", "SAMPLE_CALLBACK_API_KEY"],
  },
  rubrik: {
    event_types: ["llm_api_success"],
    endpoint: "{{environment_variables.RUBRIK_WEBHOOK_URL}}",
    headers: { "Content-Type": "application/json", Authorization: "Bearer {{environment_variables.RUBRIK_API_KEY}}" },
    environment_variables: ["RUBRIK_API_KEY", "RUBRIK_WEBHOOK_URL"],
  },
  sumologic: {
    endpoint: "{{environment_variables.SUMOLOGIC_WEBHOOK_URL}}",
    headers: { "Content-Type": "application/json" },
    environment_variables: ["SUMOLOGIC_WEBHOOK_URL"],
    log_format: "ndjson",
  },
};
const presets: PresetCatalog = { get: (name) => PRESETS[name], names: () => Object.keys(PRESETS) };

const MODEL_LIST = `
model_list:
  - model_name: gpt-3.5-turbo
    litellm_params:
      model: openai/gpt-3.5-turbo
      api_key: os.environ/OPENAI_API_KEY
  - model_name: claude
    litellm_params:
      model: anthropic/claude-3-5-sonnet-20240620
      api_key: os.environ/ANTHROPIC_API_KEY
`;

const parse = (text: string, env: Record<string, string> = {}) => parseConfig(text, { env, presets });

describe("parseConfig: LiteLLM seed examples", () => {
  it("loads the generic API quick start as written", () => {
    const config = parse(`${MODEL_LIST}
litellm_settings:
  callbacks: ["custom_api_name"]
callback_settings:
  custom_api_name:
    callback_type: generic_api
    endpoint: https://your-endpoint.com/logs
    headers:
      Authorization: Bearer sk-1234
`);
    expect(config.callbacks).toHaveLength(1);
    expect(config.callbacks[0]).toMatchObject({
      name: "custom_api_name",
      origin: "callback_settings",
      path: "callback_settings.custom_api_name",
      endpoint: "https://your-endpoint.com/logs",
      headers: { Authorization: "Bearer sk-1234" },
      logFormat: "json_array",
      method: "POST",
      batchSize: 100,
      flushIntervalMs: 60_000,
      retryDelayMs: 500,
      maxRetryDelayMs: 5_000,
      maxRetryElapsedMs: 300_000,
      timeoutMs: 10_000,
      maxConcurrency: 4,
      maxQueueEvents: 50_000,
      queueFullPolicy: "drop_oldest",
      compression: "none",
      exporter: "http",
    });
    expect(config.callbacks[0]?.eventTypes).toBeUndefined();
    // No retry count by default: retries last until max_retry_time.
    expect(config.callbacks[0]?.maxRetries).toBeUndefined();
    expect(config.server).toEqual({ host: "127.0.0.1", port: 4400 });
    expect(config.warnings).toEqual([]);
  });

  it("loads the contributor guide's rubrik example from environment_variables", () => {
    const config = parse(`${MODEL_LIST}
litellm_settings:
  callbacks: ["rubrik"]
environment_variables:
  RUBRIK_API_KEY: sk-1234
  RUBRIK_WEBHOOK_URL: https://webhook.site/efc57707-9018-478c-bdf1-2ffaabb2b315
`);
    expect(config.callbacks[0]).toMatchObject({
      name: "rubrik",
      origin: "preset",
      path: "litellm_settings.callbacks[0]",
      endpoint: "https://webhook.site/efc57707-9018-478c-bdf1-2ffaabb2b315",
      headers: { "Content-Type": "application/json", Authorization: "Bearer sk-1234" },
      eventTypes: ["llm_api_success"],
    });
  });

  it("loads the docs' preset override: the entry wins field by field, headers key by key", () => {
    const config = parse(
      `
litellm_settings:
  callbacks: ["rubrik"]
callback_settings:
  rubrik:
    callback_type: generic_api
    endpoint: https://your-endpoint.com
    headers:
      Authorization: Bearer \${RUBRIK_API_KEY}
`,
      { RUBRIK_API_KEY: "sk-abc" },
    );
    expect(config.callbacks[0]).toMatchObject({
      origin: "callback_settings",
      endpoint: "https://your-endpoint.com",
      headers: { "Content-Type": "application/json", Authorization: "Bearer sk-abc" },
      eventTypes: ["llm_api_success"],
    });
  });

  it("lets an entry without callback_type override a preset of the same name", () => {
    const config = parse(
      "litellm_settings: { callbacks: [sumologic] }\ncallback_settings: { sumologic: { batch_size: 7, log_format: json_array } }",
      { SUMOLOGIC_WEBHOOK_URL: "https://collectors.example.com/receiver/v1/http/abc" },
    );
    expect(config.callbacks[0]).toMatchObject({ origin: "callback_settings", batchSize: 7, logFormat: "json_array" });
    expect(config.callbacks[0]?.endpoint).toBe("https://collectors.example.com/receiver/v1/http/abc");
  });
});

describe("parseConfig: environment and defaults", () => {
  const entry = "callback_settings: { a: { callback_type: generic_api, endpoint: https://a.example.com } }";

  it("takes defaults from DEFAULT_BATCH_SIZE and DEFAULT_FLUSH_INTERVAL_SECONDS", () => {
    const callback = parse(entry, { DEFAULT_BATCH_SIZE: "25", DEFAULT_FLUSH_INTERVAL_SECONDS: "2.5" }).callbacks[0];
    expect(callback).toMatchObject({ batchSize: 25, flushIntervalMs: 2500 });
  });

  it("lets environment_variables override the process environment without touching process.env", () => {
    const before = { ...process.env };
    const config = parse(`${entry}\nenvironment_variables: { DEFAULT_BATCH_SIZE: 9, HOOKLINE_TEST_ONLY: x }`, { DEFAULT_BATCH_SIZE: "25" });
    expect(config.callbacks[0]?.batchSize).toBe(9);
    expect(process.env).toEqual(before);
  });

  it("coerces numbers that arrive as strings through ${} substitution", () => {
    const config = parse(
      "callback_settings: { a: { callback_type: generic_api, endpoint: https://a.example.com, batch_size: '${BATCH}', timeout: '${T}' } }",
      { BATCH: "50", T: "1.5" },
    );
    expect(config.callbacks[0]).toMatchObject({ batchSize: 50, timeoutMs: 1500 });
  });

  it("ignores sections hookline does not read, including unset variables in them", () => {
    const config = parse(`${MODEL_LIST}
general_settings: { master_key: os.environ/MASTER_KEY, database_url: "\${DATABASE_URL}" }
router_settings: { routing_strategy: simple-shuffle }
litellm_settings: { drop_params: true, cache: true, callbacks: [rubrik] }
environment_variables: { RUBRIK_API_KEY: k, RUBRIK_WEBHOOK_URL: "https://r.example.com" }
${entry}`);
    expect(config.callbacks.map((c) => c.name)).toEqual(["rubrik", "a"]);
    expect(config.warnings).toEqual([]);
  });

  it("reads sources.http into server, with env references", () => {
    const config = parse(`${entry}\nsources: { http: { host: 0.0.0.0, port: "\${PORT}" } }`, { PORT: "8080" });
    expect(config.server).toEqual({ host: "0.0.0.0", port: 8080 });
  });

  it("accepts log_format as { type, options } and formatter packages", () => {
    const config = parse(`
callback_settings:
  a: { callback_type: generic_api, endpoint: https://a.example.com, log_format: { type: single, options: { concurrency: 8 } } }
  b: { callback_type: generic_api, endpoint: https://b.example.com, log_format: "@acme/hookline-formatter-xml" }`);
    expect(config.callbacks[0]).toMatchObject({ logFormat: "single", formatOptions: { concurrency: 8 } });
    expect(config.callbacks[1]?.logFormat).toBe("@acme/hookline-formatter-xml");
  });

  it("converts every hookline setting to CallbackConfig's units", () => {
    const config = parse(`
callback_settings:
  a:
    callback_type: generic_api
    endpoint: https://a.example.com
    method: put
    retry_delay: 0
    max_retry_delay: 2
    max_retry_time: 0
    max_retries: 0
    max_concurrency: 1
    max_queue_events: 10
    max_queue_bytes: 1000
    max_batch_bytes: 500
    queue_full_policy: block
    compression: gzip
    dead_letter_path: ./dead.ndjson
    spool_path: ./spool
    exporter: stdout`);
    expect(config.callbacks[0]).toMatchObject({
      method: "PUT", retryDelayMs: 0, maxRetryDelayMs: 2000, maxRetryElapsedMs: 0, maxRetries: 0, maxConcurrency: 1,
      maxQueueEvents: 10, maxQueueBytes: 1000, maxBatchBytes: 500, queueFullPolicy: "block", compression: "gzip",
      deadLetterPath: "./dead.ndjson", spoolPath: "./spool", exporter: "stdout",
    });
  });
});
