import { parseConfig, validateConfig, type PresetDefinition } from "@hookline/config";
import { describe, expect, it } from "vitest";
import { builtinPresets } from "./builtin-presets.js";
import { LITELLM_PRESETS } from "./describe-preset.js";
import { loadPresetCatalog } from "./load-preset-catalog.js";

const presets = builtinPresets();
const ours = Object.entries(presets).filter(([name]) => !LITELLM_PRESETS.includes(name));
const PLACEHOLDER = /\{\{\s*environment_variables\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Every variable a preset's templates use. */
function templateVariables(preset: PresetDefinition): Set<string> {
  const text = JSON.stringify([preset.endpoint, preset.headers, preset.basic_auth, preset.log_format_options]);
  return new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1] as string));
}

/** A value for every variable without a default, so the preset resolves. */
function dummyEnv(preset: PresetDefinition): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of preset.environment_variables ?? []) {
    const variable = preset.variables?.[name];
    if (variable?.default !== undefined) continue;
    env[name] = /URL$/.test(name) ? "https://service.example.com" : variable?.example ?? "dummy-value";
  }
  return env;
}

const resolve = (name: string, env: Record<string, string>) =>
  parseConfig(`litellm_settings: { callbacks: [${name}] }`, { env, presets: loadPresetCatalog() }).callbacks[0];

describe("the shipped catalog", () => {
  it("keeps LiteLLM's four presets exactly as LiteLLM ships them", () => {
    expect(presets["sample_callback"]).toMatchObject({
      event_types: ["llm_api_success", "llm_api_failure"],
      endpoint: "{{environment_variables.SAMPLE_CALLBACK_URL}}",
      headers: { "Content-Type": "application/json", Authorization: "Bearer {{environment_variables.SAMPLE_CALLBACK_API_KEY}}" },
      environment_variables: ["SAMPLE_CALLBACK_URL", "SAMPLE_CALLBACK_API_KEY"],
    });
    for (const name of LITELLM_PRESETS) {
      const preset = presets[name] as PresetDefinition;
      // LiteLLM's catalog has none of hookline's request extensions.
      for (const key of ["log_format_options", "batch_size", "max_batch_bytes", "flush_interval", "compression", "basic_auth"] as const) {
        expect(preset[key], `${name}.${key}`).toBeUndefined();
      }
    }
  });

  it("adds at least 15 real services", () => {
    expect(ours.length).toBeGreaterThanOrEqual(15);
    expect(ours.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        "datadog_logs", "splunk_hec", "newrelic_logs", "axiom", "betterstack", "honeycomb", "elasticsearch", "opensearch",
        "grafana_loki", "clickhouse", "logzio", "victorialogs", "otlp_http", "slack", "discord",
      ]),
    );
  });

  it.each(ours)("%s: documents where it comes from, what it sends and its limits", (_name, preset) => {
    const docs = preset.docs ?? {};
    expect(docs.show_in_docs).not.toBe(false);
    expect(docs.display_name).toBeTruthy();
    expect(docs.description?.length).toBeGreaterThan(60);
    expect(docs.website).toMatch(/^https:\/\//);
    expect(docs.api_reference).toMatch(/^https:\/\//);
    expect(docs.checked).toBe("2026-11-22");
    expect(docs.limits?.length).toBeGreaterThan(40);
  });

  it.each(ours)("%s: declares and describes every variable its templates use", (_name, preset) => {
    const declared = preset.environment_variables ?? [];
    expect([...templateVariables(preset)].sort()).toEqual([...declared].sort());
    expect(Object.keys(preset.variables ?? {}).sort()).toEqual([...declared].sort());
    for (const name of declared) {
      const variable = preset.variables?.[name] ?? {};
      expect(variable.description?.length, name).toBeGreaterThan(40);
      expect(typeof variable.secret, name).toBe("boolean");
      // Credential-shaped examples are never written down; other variables show one.
      if (variable.secret) expect(variable.example, name).toBeUndefined();
      else expect(variable.example ?? variable.default, name).toBeDefined();
    }
  });

  it.each(ours)("%s: marks credentials secret", (_name, preset) => {
    for (const [name, variable] of Object.entries(preset.variables ?? {})) {
      if (/KEY|TOKEN|PASSWORD|SECRET|WEBHOOK_URL/.test(name)) expect(variable.secret, name).toBe(true);
    }
  });

  it.each(ours)("%s: resolves with its variables set, and its formatter options pass the schema", (name, preset) => {
    const callback = resolve(name, dummyEnv(preset));
    expect(callback?.origin).toBe("preset");
    expect(callback?.logFormat).toBe(preset.log_format ?? "json_array");
    expect(JSON.stringify(callback)).not.toContain("{{environment_variables.");
  });

  it("reports ONE issue listing every missing variable of a new preset, defaults excepted", () => {
    const result = validateConfig("litellm_settings: { callbacks: [clickhouse] }", { env: {}, presets: loadPresetCatalog() });
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]?.message).toBe(
      'preset "clickhouse" needs environment variables CLICKHOUSE_URL, CLICKHOUSE_TABLE, CLICKHOUSE_PASSWORD, which are not set ' +
        "(set them in the environment or in the config's environment_variables section)",
    );
  });
});

describe("preset specifics", () => {
  it("datadog_logs: v2 intake on the configured site, DD-API-KEY, JSON array within Datadog's limits, gzip", () => {
    const callback = resolve("datadog_logs", { DD_API_KEY: "k" });
    expect(callback).toMatchObject({
      endpoint: "https://http-intake.logs.datadoghq.com/api/v2/logs",
      headers: { "DD-API-KEY": "k" },
      logFormat: "json_array",
      batchSize: 1000,
      maxBatchBytes: 5_000_000,
      compression: "gzip",
    });
    expect(resolve("datadog_logs", { DD_API_KEY: "k", DD_SITE: "datadoghq.eu" })?.endpoint).toBe("https://http-intake.logs.datadoghq.eu/api/v2/logs");
  });

  it("splunk_hec: /services/collector/event with Authorization: Splunk <token>", () => {
    const callback = resolve("splunk_hec", { SPLUNK_HEC_URL: "https://splunk:8088", SPLUNK_HEC_TOKEN: "t" });
    expect(callback).toMatchObject({
      endpoint: "https://splunk:8088/services/collector/event",
      headers: { Authorization: "Splunk t" },
      logFormat: "splunk_hec",
      formatOptions: { sourcetype: "litellm:llm_call", source: "litellm" },
    });
  });

  it("newrelic_logs: Log API with Api-Key, US by default and EU by variable", () => {
    expect(resolve("newrelic_logs", { NEW_RELIC_LICENSE_KEY: "k" })).toMatchObject({ endpoint: "https://log-api.newrelic.com/log/v1", headers: { "Api-Key": "k" } });
    expect(resolve("newrelic_logs", { NEW_RELIC_LICENSE_KEY: "k", NEW_RELIC_LOG_API_HOST: "log-api.eu.newrelic.com" })?.endpoint).toBe(
      "https://log-api.eu.newrelic.com/log/v1",
    );
  });

  it("axiom, betterstack, honeycomb: Bearer tokens and X-Honeycomb-Team; dataset names encoded in the path", () => {
    expect(resolve("axiom", { AXIOM_TOKEN: "t", AXIOM_DATASET: "llm" })).toMatchObject({
      endpoint: "https://api.axiom.co/v1/datasets/llm/ingest",
      headers: { Authorization: "Bearer t" },
    });
    expect(resolve("betterstack", { BETTERSTACK_SOURCE_TOKEN: "t", BETTERSTACK_INGESTING_HOST: "s1.betterstackdata.com" })).toMatchObject({
      endpoint: "https://s1.betterstackdata.com",
      headers: { Authorization: "Bearer t" },
    });
    expect(resolve("honeycomb", { HONEYCOMB_API_KEY: "k", HONEYCOMB_DATASET: "my dataset" })).toMatchObject({
      endpoint: "https://api.honeycomb.io/1/events/my%20dataset",
      headers: { "X-Honeycomb-Team": "k" },
      logFormat: "single",
    });
  });

  it("elasticsearch and opensearch: _bulk with the index from a variable (or its default)", () => {
    const es = resolve("elasticsearch", { ELASTICSEARCH_URL: "https://es:9200", ELASTICSEARCH_API_KEY: "abc==" });
    expect(es).toMatchObject({
      endpoint: "https://es:9200/_bulk",
      headers: { Authorization: "ApiKey abc==" },
      logFormat: "elasticsearch_bulk",
      formatOptions: { index: "litellm-logs", action: "create", timestamp_field: "@timestamp" },
    });
    const os = resolve("opensearch", { OPENSEARCH_URL: "https://os", OPENSEARCH_USERNAME: "u", OPENSEARCH_PASSWORD: "p", OPENSEARCH_INDEX: "prod-llm" });
    expect(os?.headers).toEqual({ Authorization: `Basic ${Buffer.from("u:p").toString("base64")}` });
    expect(os?.formatOptions).toMatchObject({ index: "prod-llm" });
  });

  it("grafana_loki: push API, Basic auth for Grafana Cloud, none for an open Loki", () => {
    const cloud = resolve("grafana_loki", { LOKI_URL: "https://logs-prod-012.grafana.net", LOKI_USERNAME: "123456", LOKI_API_TOKEN: "glc_t" });
    expect(cloud).toMatchObject({
      endpoint: "https://logs-prod-012.grafana.net/loki/api/v1/push",
      headers: { Authorization: `Basic ${Buffer.from("123456:glc_t").toString("base64")}` },
      logFormat: "loki",
    });
    expect(resolve("grafana_loki", { LOKI_URL: "http://loki:3100" })?.headers).toEqual({});
  });

  it("clickhouse: INSERT ... FORMAT JSONEachRow in the query string, X-ClickHouse-User/Key", () => {
    const callback = resolve("clickhouse", { CLICKHOUSE_URL: "https://ch:8443", CLICKHOUSE_TABLE: "db.llm_logs", CLICKHOUSE_PASSWORD: "p" });
    expect(callback).toMatchObject({ headers: { "X-ClickHouse-User": "default", "X-ClickHouse-Key": "p" }, logFormat: "ndjson", compression: "gzip" });
    const url = new URL(callback?.endpoint ?? "");
    expect(url.searchParams.get("query")).toBe("INSERT INTO db.llm_logs FORMAT JSONEachRow");
    expect(url.searchParams.get("input_format_skip_unknown_fields")).toBe("1");
  });

  it("logzio and victorialogs: parameters in the query string, percent-encoded", () => {
    const logzio = new URL(resolve("logzio", { LOGZIO_TOKEN: "a&b" })?.endpoint ?? "");
    expect(`${logzio.origin}${logzio.pathname}`).toBe("https://listener.logz.io:8071/");
    expect(Object.fromEntries(logzio.searchParams)).toEqual({ token: "a&b", type: "litellm" });
    const victoria = new URL(resolve("victorialogs", { VICTORIALOGS_URL: "http://vl:9428" })?.endpoint ?? "");
    expect(victoria.pathname).toBe("/insert/jsonline");
    expect(Object.fromEntries(victoria.searchParams)).toEqual({ _msg_field: "error_str,model", _time_field: "_time", _stream_fields: "custom_llm_provider,model" });
  });

  it("otlp_http: OTEL_EXPORTER_OTLP_ENDPOINT + /v1/logs, otlp_json", () => {
    expect(resolve("otlp_http", {})).toMatchObject({ endpoint: "http://localhost:4318/v1/logs", logFormat: "otlp_json", formatOptions: { service_name: "litellm" } });
    expect(resolve("otlp_http", { OTEL_EXPORTER_OTLP_ENDPOINT: "https://collector:4318", OTEL_SERVICE_NAME: "proxy" })).toMatchObject({
      endpoint: "https://collector:4318/v1/logs",
      formatOptions: { service_name: "proxy" },
    });
  });

  it.each([
    ["slack", "SLACK_WEBHOOK_URL"],
    ["discord", "DISCORD_WEBHOOK_URL"],
    ["teams", "TEAMS_WEBHOOK_URL"],
  ])("%s: failures only, small batches, chat_webhook in its style", (name, variable) => {
    const callback = resolve(name, { [variable]: "https://hooks.example.com/x" });
    expect(callback).toMatchObject({ eventTypes: ["llm_api_failure"], logFormat: "chat_webhook", formatOptions: { style: name }, batchSize: 10 });
  });
});
