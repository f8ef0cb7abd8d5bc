import { describe, expect, it } from "vitest";
import { parseConfig } from "./parse-config.js";
import type { PresetCatalog } from "./preset-catalog.js";
import type { PresetDefinition } from "./preset-definition.js";
import { validateConfig } from "./validate-config.js";

const PRESETS: Record<string, PresetDefinition> = {
  search: {
    endpoint: "{{environment_variables.SEARCH_URL}}/_bulk?pipeline={{environment_variables.SEARCH_PIPELINE}}",
    headers: { Authorization: "ApiKey {{environment_variables.SEARCH_API_KEY}}" },
    environment_variables: ["SEARCH_URL", "SEARCH_API_KEY", "SEARCH_INDEX", "SEARCH_PIPELINE"],
    log_format: "custom_bulk",
    log_format_options: { index: "{{environment_variables.SEARCH_INDEX}}", action: "create", nested: { tags: ["env:{{environment_variables.SEARCH_INDEX}}"] } },
    variables: {
      SEARCH_URL: { description: "Base URL." },
      SEARCH_API_KEY: { description: "API key.", secret: true },
      SEARCH_INDEX: { description: "Index.", default: "llm-logs" },
      SEARCH_PIPELINE: { description: "Ingest pipeline.", default: "" },
    },
  },
  loki: {
    endpoint: "{{environment_variables.LOKI_URL}}/loki/api/v1/push",
    basic_auth: { username: "{{environment_variables.LOKI_USERNAME}}", password: "{{environment_variables.LOKI_API_TOKEN}}" },
    environment_variables: ["LOKI_URL", "LOKI_USERNAME", "LOKI_API_TOKEN"],
    variables: { LOKI_USERNAME: { default: "" }, LOKI_API_TOKEN: { default: "", secret: true } },
  },
  three: {
    endpoint: "https://{{environment_variables.A_HOST}}/x",
    headers: { "X-Key": "{{environment_variables.A_KEY}}", "X-Team": "{{environment_variables.A_TEAM}}" },
    environment_variables: ["A_HOST", "A_KEY", "A_TEAM"],
  },
};
const presets: PresetCatalog = { get: (name) => PRESETS[name], names: () => Object.keys(PRESETS) };
const formatterTypes = ["json_array", "ndjson", "single", "custom_bulk"];
const parse = (text: string, env: Record<string, string>) => parseConfig(text, { env, presets, componentTypes: { formatter: formatterTypes } });

describe("presetLayer", () => {
  it("fills templates in formatter options and uses variable defaults", () => {
    const [callback] = parse("litellm_settings: { callbacks: [search] }", { SEARCH_URL: "https://es.example.com:9200", SEARCH_API_KEY: "k" }).callbacks;
    expect(callback).toMatchObject({
      endpoint: "https://es.example.com:9200/_bulk?pipeline=",
      headers: { Authorization: "ApiKey k" },
      logFormat: "custom_bulk",
      formatOptions: { index: "llm-logs", action: "create", nested: { tags: ["env:llm-logs"] } },
    });
  });

  it("lets a set variable win over its default, and encodes it in the query string", () => {
    const env = { SEARCH_URL: "https://es", SEARCH_API_KEY: "k", SEARCH_INDEX: "prod-logs", SEARCH_PIPELINE: "a b" };
    const [callback] = parse("litellm_settings: { callbacks: [search] }", env).callbacks;
    expect(callback?.endpoint).toBe("https://es/_bulk?pipeline=a%20b");
    expect(callback?.formatOptions["index"]).toBe("prod-logs");
  });

  it("merges an entry's log_format_options key by key over the preset's; null removes an option", () => {
    const text = `
litellm_settings: { callbacks: [search] }
callback_settings:
  search:
    log_format_options: { index: "{{not a template}}", nested: null, extra: 1 }
`;
    const [callback] = parse(text, { SEARCH_URL: "https://es", SEARCH_API_KEY: "k" }).callbacks;
    expect(callback?.formatOptions).toEqual({ index: "{{not a template}}", action: "create", extra: 1 });
  });

  it("builds Basic authentication from basic_auth, and omits it when both parts are empty", () => {
    const env = { LOKI_URL: "https://logs-prod-012.grafana.net", LOKI_USERNAME: "123456", LOKI_API_TOKEN: "glc_x" };
    const [cloud] = parse("litellm_settings: { callbacks: [loki] }", env).callbacks;
    expect(cloud?.headers).toEqual({ Authorization: `Basic ${Buffer.from("123456:glc_x").toString("base64")}` });
    const [local] = parse("litellm_settings: { callbacks: [loki] }", { LOKI_URL: "http://loki:3100" }).callbacks;
    expect(local?.headers).toEqual({});
    expect(local?.endpoint).toBe("http://loki:3100/loki/api/v1/push");
  });

  it("does not build basic_auth when an entry sets Authorization", () => {
    const text = "litellm_settings: { callbacks: [loki] }\ncallback_settings: { loki: { headers: { authorization: Bearer t } } }";
    const [callback] = parse(text, { LOKI_URL: "http://loki:3100" }).callbacks;
    expect(callback?.headers).toEqual({ authorization: "Bearer t" });
  });

  it("reports ONE issue naming every missing variable, and never the defaulted ones", () => {
    const result = validateConfig("litellm_settings: { callbacks: [three, search] }", { env: {}, presets, componentTypes: { formatter: formatterTypes } });
    expect(result.issues.map((issue) => `${issue.path}: ${issue.message}`)).toEqual([
      'litellm_settings.callbacks[0]: preset "three" needs environment variables A_HOST, A_KEY, A_TEAM, which are not set (set them in the environment or in the config\'s environment_variables section)',
      'litellm_settings.callbacks[1]: preset "search" needs environment variables SEARCH_URL, SEARCH_API_KEY, which are not set (set them in the environment or in the config\'s environment_variables section)',
    ]);
  });
});
