/**
 * LiteLLM proxy config.yaml files run unchanged, with the environment handled as LiteLLM
 * handles it: `environment_variables`, `os.environ/NAME`, `${NAME}`, GENERIC_LOGGER_*,
 * DEFAULT_BATCH_SIZE and presets. The environment is always passed explicitly, never through
 * process.env.
 */
import { HooklineError } from "@hookline/core";
import { parseConfig } from "@hookline/config";
import { loadPresetCatalog } from "@hookline/presets";
import { describe, expect, it } from "vitest";
import { main } from "../packages/cli/dist/index.js";
import { startCaptureServer, type CaptureServer } from "./support/capture-server.js";
import { useCleanup } from "./support/cleanup.js";
import { recordOutput } from "./support/cli-output.js";
import { pipelineFromYaml, shutdownQuickly, type ConfigPipeline } from "./support/config-pipeline.js";
import { failure, idsOf, success, successes } from "./support/payloads.js";
import { makeTempDir } from "./support/temp-files.js";

const cleanup = useCleanup();

async function captureServer(): Promise<CaptureServer> {
  const server = await startCaptureServer();
  cleanup(() => server.close());
  return server;
}

async function pipeline(yaml: string, env: Record<string, string> = {}): Promise<ConfigPipeline> {
  const built = await pipelineFromYaml(yaml, { env });
  cleanup(() => shutdownQuickly(built.pipeline));
  return built;
}

/** parseConfig's error for `yaml`, which must be invalid. */
function configErrorOf(yaml: string, env: Record<string, string> = {}, file = "config.yaml"): HooklineError {
  try {
    parseConfig(yaml, { env, presets: loadPresetCatalog(), file });
  } catch (err) {
    if (HooklineError.is(err)) return err;
    throw err;
  }
  throw new Error("expected parseConfig to throw");
}

describe("LiteLLM's documented examples, run as written", () => {
  it("callbacks: [custom_api_name] with callback_type generic_api; model_list's os.environ/OPENAI_API_KEY is ignored though unset", async () => {
    const server = await captureServer();
    const yaml = `
model_list:
  - model_name: gpt-3.5-turbo
    litellm_params:
      model: openai/gpt-3.5-turbo
      api_key: os.environ/OPENAI_API_KEY

litellm_settings:
  callbacks: ["custom_api_name"]

callback_settings:
  custom_api_name:
    callback_type: generic_api
    endpoint: ${server.url}/logs
    headers:
      Authorization: Bearer sk-1234
`;
    const env = { PATH: "/usr/bin" }; // OPENAI_API_KEY deliberately absent
    const { pipeline: p, config } = await pipeline(yaml, env);
    expect(config.callbacks.map((c) => c.name)).toEqual(["custom_api_name"]);
    p.log(success("e1"));
    p.log(failure("e2"));
    await p.flush();

    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.path).toBe("/logs");
    expect(server.requests[0]!.headers["authorization"]).toBe("Bearer sk-1234");
    expect(server.requests[0]!.json()).toEqual([success("e1"), failure("e2")]);
  });

  it("callbacks: [rubrik] with its variables in environment_variables: Bearer sk-1234, success events only", async () => {
    const server = await captureServer();
    const yaml = `
litellm_settings:
  callbacks: ["rubrik"]

environment_variables:
  RUBRIK_API_KEY: sk-1234
  RUBRIK_WEBHOOK_URL: ${server.url}/rubrik/webhook
`;
    const { pipeline: p } = await pipeline(yaml);
    p.log(success("s1"));
    p.log(failure("f1"));
    p.log(success("s2"));
    await p.flush();

    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request!.path).toBe("/rubrik/webhook");
    expect(request!.headers["authorization"]).toBe("Bearer sk-1234");
    expect(idsOf(request!.items())).toEqual(["s1", "s2"]);
  });

  it("the config's environment_variables win over the process environment, as LiteLLM's os.environ writes do", async () => {
    const server = await captureServer();
    const yaml = `
litellm_settings:
  callbacks: ["rubrik"]
environment_variables:
  RUBRIK_API_KEY: sk-from-config
`;
    const { pipeline: p } = await pipeline(yaml, { RUBRIK_API_KEY: "sk-from-env", RUBRIK_WEBHOOK_URL: `${server.url}/rubrik` });
    p.log(success("s1"));
    await p.flush();
    expect(server.requests[0]!.headers["authorization"]).toBe("Bearer sk-from-config");
  });
});

describe("generic_api from GENERIC_LOGGER_* variables", () => {
  it("reads the endpoint from GENERIC_LOGGER_ENDPOINT and headers from GENERIC_LOGGER_HEADERS, splitting each item on its first =", async () => {
    expect(process.env["GENERIC_LOGGER_ENDPOINT"]).toBeUndefined(); // the env below is the only source
    const server = await captureServer();
    const yaml = `
litellm_settings:
  callbacks: ["generic_api"]
`;
    const { pipeline: p } = await pipeline(yaml, {
      GENERIC_LOGGER_ENDPOINT: `${server.url}/generic`,
      GENERIC_LOGGER_HEADERS: "X-A=1,X-B=two=2",
    });
    p.log(success("e1"));
    await p.flush();

    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request!.path).toBe("/generic");
    expect(request!.headers["x-a"]).toBe("1");
    expect(request!.headers["x-b"]).toBe("two=2");
    expect(request!.json()).toEqual([success("e1")]);
  });

  it("is a config error naming GENERIC_LOGGER_ENDPOINT when it is unset", () => {
    const error = configErrorOf('litellm_settings:\n  callbacks: ["generic_api"]\n');
    expect(error.code).toBe("ERR_CONFIG_INVALID");
    expect(error.message).toContain("GENERIC_LOGGER_ENDPOINT");
    expect(error.message).toContain("litellm_settings.callbacks[0]");
  });
});

describe("DEFAULT_BATCH_SIZE", () => {
  const yamlFor = (endpoint: string, extra = "") => `
litellm_settings:
  callbacks: ["api"]
callback_settings:
  api:
    callback_type: generic_api
    endpoint: ${endpoint}
${extra}`;

  it("changes the batch size of callbacks that set none", async () => {
    const server = await captureServer();
    const { pipeline: p, config } = await pipeline(yamlFor(`${server.url}/logs`), { DEFAULT_BATCH_SIZE: "2" });
    expect(config.callbacks[0]!.batchSize).toBe(2);
    const payloads = successes(5);
    for (const payload of payloads) p.log(payload);
    // Two full batches of 2 go without a flush (the default of 100 would hold all 5).
    await server.waitForRequests(2);
    await p.flush();
    expect(server.requests.map((r) => r.json<unknown[]>().length).sort()).toEqual([1, 2, 2]);
    expect(idsOf(server.items()).sort()).toEqual(idsOf(payloads).sort());
  });

  it("without it, the same config sends all 5 in one request on flush", async () => {
    const server = await captureServer();
    const { pipeline: p } = await pipeline(yamlFor(`${server.url}/logs`));
    for (const payload of successes(5)) p.log(payload);
    await p.flush();
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.json<unknown[]>()).toHaveLength(5);
  });

  it("loses to a callback's own batch_size", async () => {
    const server = await captureServer();
    const { config } = await pipeline(yamlFor(`${server.url}/logs`, "    batch_size: 7\n"), { DEFAULT_BATCH_SIZE: "2" });
    expect(config.callbacks[0]!.batchSize).toBe(7);
  });

  it("set in environment_variables works the same", async () => {
    const server = await captureServer();
    const yaml = `${yamlFor(`${server.url}/logs`)}
environment_variables:
  DEFAULT_BATCH_SIZE: 3
`;
    const { pipeline: p } = await pipeline(yaml);
    for (const payload of successes(3)) p.log(payload);
    const [request] = await server.waitForRequests(1);
    expect(request!.json<unknown[]>()).toHaveLength(3);
  });
});

describe("DEFAULT_FLUSH_INTERVAL_SECONDS", () => {
  it("changes how long a partial batch waits", async () => {
    const server = await captureServer();
    const yaml = `
litellm_settings:
  callbacks: ["api"]
callback_settings:
  api:
    callback_type: generic_api
    endpoint: ${server.url}/logs
`;
    const { pipeline: p, config } = await pipeline(yaml, { DEFAULT_FLUSH_INTERVAL_SECONDS: "0.05" });
    expect(config.callbacks[0]!.flushIntervalMs).toBe(50);
    p.log(success("e1"));
    const [request] = await server.waitForRequests(1);
    expect(request!.json()).toEqual([success("e1")]);
  });

  it("a value that is not a number is an error naming the variable", () => {
    const error = configErrorOf('litellm_settings:\n  callbacks: []\n', { DEFAULT_BATCH_SIZE: "lots" });
    expect(error.message).toContain("DEFAULT_BATCH_SIZE");
  });
});

describe("success_callback / failure_callback lists", () => {
  const entry = (url: string) => `
callback_settings:
  api:
    callback_type: generic_api
    endpoint: ${url}/logs
`;

  it("a generic_api callback only in success_callback receives only successes", async () => {
    const server = await captureServer();
    const { pipeline: p } = await pipeline(`litellm_settings:\n  success_callback: ["api"]\n${entry(server.url)}`);
    p.log(success("s1"));
    p.log(failure("f1"));
    await p.flush();
    expect(idsOf(server.items())).toEqual(["s1"]);
  });

  it("a callback in both lists receives both", async () => {
    const server = await captureServer();
    const { pipeline: p } = await pipeline(`litellm_settings:\n  success_callback: ["api"]\n  failure_callback: ["api"]\n${entry(server.url)}`);
    p.log(success("s1"));
    p.log(failure("f1"));
    await p.flush();
    expect(idsOf(server.items())).toEqual(["s1", "f1"]);
  });

  // LiteLLM only calls a logger in failure_callback for failures; the preset's own event_types
  // filter further. So the preset sample_callback (both types) in failure_callback gets failures only.
  it("a preset that lists both event types, named only in failure_callback, receives only failures (LiteLLM parity)", async () => {
    const server = await captureServer();
    const yaml = `
litellm_settings:
  failure_callback: ["sample_callback"]
environment_variables:
  SAMPLE_CALLBACK_URL: ${server.url}/sample
  SAMPLE_CALLBACK_API_KEY: sk-sample
`;
    const { pipeline: p } = await pipeline(yaml);
    p.log(success("s1"));
    p.log(failure("f1"));
    await p.flush();
    expect(idsOf(server.items())).toEqual(["f1"]);
  });

  it("an entry with explicit event_types of both kinds, named only in success_callback, receives only successes (LiteLLM parity)", async () => {
    const server = await captureServer();
    const yaml = `
litellm_settings:
  success_callback: ["api"]
callback_settings:
  api:
    callback_type: generic_api
    endpoint: ${server.url}/logs
    event_types: [llm_api_success, llm_api_failure]
`;
    const { pipeline: p } = await pipeline(yaml);
    p.log(success("s1"));
    p.log(failure("f1"));
    await p.flush();
    expect(idsOf(server.items())).toEqual(["s1"]);
  });
});

describe("environment references in callback_settings", () => {
  it("resolves os.environ/NAME (a whole value) and ${NAME} (inside a value), endpoint included", async () => {
    const server = await captureServer();
    const yaml = `
litellm_settings:
  callbacks: ["api"]
callback_settings:
  api:
    callback_type: generic_api
    endpoint: \${LOGS_BASE_URL}/tenants/\${TENANT}/logs
    headers:
      Authorization: os.environ/LOGS_TOKEN
      X-Tenant: tenant-\${TENANT}
      X-Literal: costs $$\{5}
`;
    const { pipeline: p } = await pipeline(yaml, { LOGS_BASE_URL: server.url, TENANT: "acme", LOGS_TOKEN: "Bearer sk-env-token" });
    p.log(success("e1"));
    await p.flush();

    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request!.path).toBe("/tenants/acme/logs");
    expect(request!.headers["authorization"]).toBe("Bearer sk-env-token");
    expect(request!.headers["x-tenant"]).toBe("tenant-acme");
    expect(request!.headers["x-literal"]).toBe("costs ${5}");
  });

  it("a referenced but unset variable is an error naming the variable and the key path, and nothing is sent", async () => {
    const server = await captureServer();
    const yaml = `
litellm_settings:
  callbacks: ["api"]
callback_settings:
  api:
    callback_type: generic_api
    endpoint: ${server.url}/logs
    headers:
      Authorization: Bearer \${MISSING_TOKEN}
`;
    const error = configErrorOf(yaml);
    expect(error.code).toBe("ERR_CONFIG_INVALID");
    expect(error.issues).toEqual([
      expect.objectContaining({ path: "callback_settings.api.headers.Authorization", message: expect.stringContaining("MISSING_TOKEN") }),
    ]);
    expect(error.message).toContain("callback_settings.api.headers.Authorization");

    // Through the CLI: replaying events with this config sends nothing and fails.
    const dir = await makeTempDir();
    cleanup(() => dir.remove());
    const cfg = await dir.write("config.yaml", yaml);
    const events = await dir.write("events.ndjson", `${JSON.stringify(success("e1"))}\n`);
    const output = recordOutput();
    const code = await main(["replay", events, "--config", cfg], { output, env: {} });
    expect(code).toBe(1);
    expect(output.stderr).toContain("MISSING_TOKEN");
    expect(output.stderr).toContain("callback_settings.api.headers.Authorization");
    expect(output.stderr).toContain(cfg);
    expect(server.requests).toHaveLength(0);
  });

  it("an os.environ/NAME reference to an unset variable is an error too, never an empty header", () => {
    const yaml = `
litellm_settings:
  callbacks: ["api"]
callback_settings:
  api:
    callback_type: generic_api
    endpoint: http://127.0.0.1:9/logs
    headers:
      Authorization: os.environ/NOPE_TOKEN
`;
    const error = configErrorOf(yaml);
    expect(error.message).toContain("NOPE_TOKEN");
    expect(error.message).toContain("callback_settings.api.headers.Authorization");
  });
});

describe("presets", () => {
  it("loadPresetCatalog() holds LiteLLM's presets", () => {
    const catalog = loadPresetCatalog();
    expect(catalog.names()).toEqual(expect.arrayContaining(["sample_callback", "rubrik", "sumologic", "qualifire_eval"]));
    expect(catalog.get("rubrik")?.event_types).toEqual(["llm_api_success"]);
    expect(catalog.get("sumologic")?.log_format).toBe("ndjson");
  });

  it("without the catalog, a preset name is an unknown callback", () => {
    let caught: unknown;
    try {
      parseConfig('litellm_settings:\n  callbacks: ["rubrik"]\n', { env: { RUBRIK_API_KEY: "k", RUBRIK_WEBHOOK_URL: "http://127.0.0.1:9/" } });
    } catch (err) {
      caught = err;
    }
    expect(HooklineError.is(caught)).toBe(true);
    expect((caught as HooklineError).message).toContain('unknown callback "rubrik"');
  });

  it("callback_settings.rubrik overriding only the endpoint keeps the preset's Authorization header and event_types", async () => {
    const server = await captureServer();
    const yaml = `
litellm_settings:
  callbacks: ["rubrik"]
callback_settings:
  rubrik:
    endpoint: ${server.url}/my-rubrik
environment_variables:
  RUBRIK_API_KEY: sk-rubrik-key
`;
    // RUBRIK_WEBHOOK_URL is not needed: the endpoint that used it is overridden.
    const { pipeline: p } = await pipeline(yaml);
    p.log(success("s1"));
    p.log(failure("f1"));
    await p.flush();

    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request!.path).toBe("/my-rubrik");
    expect(request!.headers["authorization"]).toBe("Bearer sk-rubrik-key");
    expect(idsOf(request!.items())).toEqual(["s1"]);
  });

  it("an override of one header keeps the preset's others, matched case-insensitively", async () => {
    const server = await captureServer();
    const yaml = `
litellm_settings:
  callbacks: ["rubrik"]
callback_settings:
  rubrik:
    headers:
      authorization: Bearer sk-override
      X-Extra: yes-extra
environment_variables:
  RUBRIK_WEBHOOK_URL: ${server.url}/rubrik
`;
    const { pipeline: p } = await pipeline(yaml);
    p.log(success("s1"));
    await p.flush();
    const { headers } = server.requests[0]!;
    expect(headers["authorization"]).toBe("Bearer sk-override");
    expect(headers["x-extra"]).toBe("yes-extra");
    expect(headers["content-type"]).toBe("application/json");
  });

  it("sumologic sends NDJSON: one object per line, success and failure alike", async () => {
    const server = await captureServer();
    const yaml = 'litellm_settings:\n  callbacks: ["sumologic"]\n';
    const { pipeline: p } = await pipeline(yaml, { SUMOLOGIC_WEBHOOK_URL: `${server.url}/receiver/v1/http/token123` });
    p.log(success("s1"));
    p.log(failure("f1"));
    await p.flush();

    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request!.path).toBe("/receiver/v1/http/token123");
    expect(request!.text).toBe(`${JSON.stringify(success("s1"))}\n${JSON.stringify(failure("f1"))}\n`);
  });

  it("qualifire_eval sends its API key header and successes only", async () => {
    const server = await captureServer();
    const yaml = 'litellm_settings:\n  callbacks: ["qualifire_eval"]\n';
    const { pipeline: p } = await pipeline(yaml, { QUALIFIRE_API_KEY: "qk-123", QUALIFIRE_WEBHOOK_URL: `${server.url}/evals` });
    p.log(failure("f1"));
    p.log(success("s1"));
    await p.flush();
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.headers["x-qualifire-api-key"]).toBe("qk-123");
    expect(idsOf(server.requests[0]!.items())).toEqual(["s1"]);
  });

  it("a preset whose variables are unset is one error naming all of them and where the preset is enabled", () => {
    const error = configErrorOf('litellm_settings:\n  callbacks: ["rubrik"]\n');
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]!.path).toBe("litellm_settings.callbacks[0]");
    expect(error.issues[0]!.message).toContain("RUBRIK_API_KEY");
    expect(error.issues[0]!.message).toContain("RUBRIK_WEBHOOK_URL");
    expect(error.message).toContain("config.yaml");
  });
});
