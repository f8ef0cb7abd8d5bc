import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { builtinPresets } from "@hookline/presets";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../main.js";
import { sampleEvents } from "../sample-events.js";
import { suggestPreset } from "./presets-command.js";

/** An Output that records what a command prints. */
function recordOutput() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out: (line: string) => void out.push(line),
    err: (line: string) => void err.push(line),
    stdout: () => out.join("\n"),
    stderr: () => err.join("\n"),
  };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hookline-presets-cli-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const SECRET = "s3cr3t-value-never-printed";

describe("hookline presets", () => {
  it("lists every preset in an aligned table", async () => {
    const output = recordOutput();
    expect(await main(["presets"], { output })).toBe(0);
    const lines = output.stdout().split("\n");
    expect(lines[0]).toMatch(/^NAME\s+SERVICE\s+EVENTS\s+FORMAT\s+REQUIRED VARIABLES$/);
    const table = lines.slice(0, lines.indexOf(""));
    expect(table).toHaveLength(Object.keys(builtinPresets()).length + 1);
    const formatColumn = (lines[0] ?? "").indexOf("FORMAT");
    for (const line of table.slice(1)) expect(line.slice(formatColumn - 2, formatColumn), line).toBe("  ");
    expect(table.find((line) => line.startsWith("datadog_logs "))).toMatch(/^datadog_logs\s+Datadog Logs\s+all\s+json_array\s+DD_API_KEY$/);
    expect(table.find((line) => line.startsWith("slack "))).toMatch(/^slack\s+Slack\s+failure\s+chat_webhook\s+SLACK_WEBHOOK_URL$/);
  });

  it("shows one preset without ever substituting a variable's value", async () => {
    const output = recordOutput();
    const env = { SPLUNK_HEC_TOKEN: SECRET, SPLUNK_HEC_URL: "https://splunk.internal:8088" };
    expect(await main(["presets", "show", "splunk_hec"], { output, env })).toBe(0);
    const text = output.stdout();
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain("splunk.internal");
    for (const expected of [
      "Splunk HTTP Event Collector (splunk_hec)",
      "API reference:  https://help.splunk.com/",
      "Events:         all (llm_api_success, llm_api_failure)",
      "Format:         splunk_hec: ",
      "sourcetype: litellm:llm_call",
      "Request:        POST $SPLUNK_HEC_URL/services/collector/event",
      "Authorization: Splunk $SPLUNK_HEC_TOKEN",
      "SPLUNK_HEC_TOKEN (required, secret)",
      "Limits:",
      "hookline: config.yaml",
      "LiteLLM proxy: config.yaml",
      '  SPLUNK_HEC_TOKEN: "<SPLUNK_HEC_TOKEN>"   # secret',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it("exits 1 for an unknown name, suggesting the closest and listing the known ones", async () => {
    const output = recordOutput();
    expect(await main(["presets", "show", "datadog"], { output })).toBe(1);
    expect(output.stderr()).toMatch(/^hookline: unknown preset "datadog" \(did you mean "datadog_logs"\?\); known presets: axiom, betterstack, /);
    expect(suggestPreset("splunk", ["splunk_hec", "sumologic"])).toBe("splunk_hec");
    expect(suggestPreset("logs", ["datadog_logs", "newrelic_logs"])).toBeUndefined();
  });

  it("includes the presets of a config's presets_path with --config", async () => {
    const config = join(dir, "config.yaml");
    await writeFile(join(dir, "mine.json"), JSON.stringify({ mine: { endpoint: "https://mine.example.com", docs: { display_name: "Mine" } } }));
    await writeFile(config, "presets_path: ./mine.json\nlitellm_settings: { callbacks: [mine] }\n");
    const output = recordOutput();
    expect(await main(["presets", "--config", config], { output })).toBe(0);
    expect(output.stdout()).toMatch(/\nmine\s+Mine\s+all\s+json_array\s+-\n/);
    await writeFile(config, "presets_path: ./missing.json\n");
    const bad = recordOutput();
    expect(await main(["presets", "--config", config], { output: bad })).toBe(1);
    expect(bad.stderr()).toContain(`presets_path: cannot read preset file ${join(dir, "missing.json")}: ENOENT`);
  });

  it("rejects unknown actions", async () => {
    const output = recordOutput();
    expect(await main(["presets", "describe", "x"], { output })).toBe(2);
    expect(output.stderr()).toContain('presets: unknown action "describe"');
  });
});

describe("presets_path in hookline validate", () => {
  it("loads a preset file and a preset package (node_modules next to the config)", async () => {
    const project = join(dir, "project");
    const pkg = join(project, "node_modules", "@acme", "hookline-presets");
    await mkdir(pkg, { recursive: true });
    await writeFile(join(pkg, "package.json"), JSON.stringify({ name: "@acme/hookline-presets", version: "1.0.0" }));
    await writeFile(join(pkg, "generic_api_compatible_callbacks.json"), JSON.stringify({ acme_pkg: { endpoint: "{{environment_variables.ACME_URL}}", environment_variables: ["ACME_URL"] } }));
    await writeFile(join(project, "local.json"), JSON.stringify({ acme_file: { endpoint: "https://file.example.com", log_format: "ndjson" } }));
    const config = join(project, "config.yaml");
    await writeFile(config, 'presets_path: ["./local.json", "@acme/hookline-presets"]\nlitellm_settings: { callbacks: [acme_file, acme_pkg] }\n');
    const output = recordOutput();
    expect(await main(["validate", "--config", config], { output, env: { ACME_URL: "https://pkg.example.com" } })).toBe(0);
    expect(output.stdout()).toBe(`${config}: OK, 2 callback(s): acme_file, acme_pkg`);
  });

  it("names the preset file and the JSON path of a problem", async () => {
    const project = join(dir, "bad-project");
    await mkdir(project, { recursive: true });
    await writeFile(join(project, "bad.json"), JSON.stringify({ acme: { endpoint: "https://x", headers: { "X-Key": 5 } } }));
    const config = join(project, "config.yaml");
    await writeFile(config, "presets_path: [./bad.json]\n");
    const output = recordOutput();
    expect(await main(["validate", "--config", config], { output, env: {} })).toBe(1);
    expect(output.stderr()).toContain(`error: ${config}: presets_path[0]: preset file ${join(project, "bad.json")}: acme.headers.X-Key: expected string`);
  });

  it("accepts a config enabling every preset once their variables are set", async () => {
    const presets = builtinPresets();
    const env: Record<string, string> = {};
    for (const preset of Object.values(presets)) {
      for (const name of preset.environment_variables ?? []) {
        const variable = preset.variables?.[name];
        if (variable?.default === undefined) env[name] = name.endsWith("URL") ? "https://service.example.com/x" : (variable?.example ?? "dummy");
      }
    }
    const config = join(dir, "all.yaml");
    await writeFile(config, `litellm_settings:\n  callbacks: [${Object.keys(presets).join(", ")}]\n`);
    const output = recordOutput();
    expect(await main(["validate", "--config", config], { output, env })).toBe(0);
    expect(output.stdout()).toContain(`OK, ${Object.keys(presets).length} callback(s)`);
  });
});

interface Received {
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

describe("presets on the wire", () => {
  it("send the request each service's API documents", async () => {
    const received: Received[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const raw = Buffer.concat(chunks);
        const url = new URL(req.url ?? "/", "http://x");
        received.push({ path: url.pathname, query: url.searchParams, headers: req.headers, body: (req.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw).toString("utf8") });
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const events = join(dir, "events.ndjson");
      const payloads = sampleEvents(20);
      expect(payloads.some((payload) => payload.status === "failure")).toBe(true);
      await writeFile(events, `${payloads.map((payload) => JSON.stringify(payload)).join("\n")}\n`);
      const config = join(dir, "wire.yaml");
      await writeFile(config, "litellm_settings:\n  callbacks: [splunk_hec, grafana_loki, clickhouse, elasticsearch, opensearch, victorialogs, otlp_http, slack]\n");
      const env = {
        SPLUNK_HEC_URL: `${base}/splunk`,
        SPLUNK_HEC_TOKEN: "hec-token",
        LOKI_URL: `${base}/loki-base`,
        LOKI_USERNAME: "123456",
        LOKI_API_TOKEN: "glc_token",
        CLICKHOUSE_URL: `${base}/ch`,
        CLICKHOUSE_TABLE: "default.litellm_logs",
        CLICKHOUSE_PASSWORD: "ch-pass",
        ELASTICSEARCH_URL: `${base}/es`,
        ELASTICSEARCH_API_KEY: "es-key",
        ELASTICSEARCH_INDEX: "llm-2026",
        OPENSEARCH_URL: `${base}/os`,
        OPENSEARCH_USERNAME: "admin",
        OPENSEARCH_PASSWORD: "os-pass",
        VICTORIALOGS_URL: `${base}/vl`,
        OTEL_EXPORTER_OTLP_ENDPOINT: `${base}/otel`,
        SLACK_WEBHOOK_URL: `${base}/services/T1/B1/x`,
      };
      const output = recordOutput();
      expect(await main(["replay", events, "--config", config], { output, env })).toBe(0);
      const at = (path: string): Received => {
        const request = received.find((r) => r.path === path);
        if (!request) throw new Error(`no request to ${path}; got ${received.map((r) => r.path).join(", ")}`);
        return request;
      };
      expect(at("/splunk/services/collector/event").headers.authorization).toBe("Splunk hec-token");
      expect(at("/splunk/services/collector/event").body).toContain('"sourcetype":"litellm:llm_call"');
      const loki = at("/loki-base/loki/api/v1/push");
      expect(loki.headers.authorization).toBe(`Basic ${Buffer.from("123456:glc_token").toString("base64")}`);
      expect(loki.headers["content-encoding"]).toBe("gzip");
      expect((JSON.parse(loki.body) as { streams: { stream: Record<string, string> }[] }).streams[0]?.stream).toMatchObject({ service_name: "litellm" });
      const clickhouse = at("/ch/");
      expect(clickhouse.query.get("query")).toBe("INSERT INTO default.litellm_logs FORMAT JSONEachRow");
      expect(clickhouse.headers).toMatchObject({ "x-clickhouse-user": "default", "x-clickhouse-key": "ch-pass" });
      expect(clickhouse.body.trim().split("\n")).toHaveLength(20);
      const es = at("/es/_bulk");
      expect(es.headers.authorization).toBe("ApiKey es-key");
      expect(JSON.parse(es.body.split("\n")[0] ?? "")).toEqual({ create: { _index: "llm-2026" } });
      expect(at("/os/_bulk").headers.authorization).toBe(`Basic ${Buffer.from("admin:os-pass").toString("base64")}`);
      expect(Object.fromEntries(at("/vl/insert/jsonline").query)).toEqual({ _msg_field: "error_str,model", _time_field: "_time", _stream_fields: "custom_llm_provider,model" });
      expect(JSON.parse(at("/otel/v1/logs").body)).toHaveProperty("resourceLogs");
      const slack = received.filter((r) => r.path === "/services/T1/B1/x");
      expect(slack.length).toBeGreaterThan(0);
      expect(JSON.parse(slack[0]?.body ?? "{}")).toHaveProperty("text");
      expect(output.stdout() + output.stderr()).not.toMatch(/hec-token|glc_token|ch-pass|es-key|os-pass/);
    } finally {
      server.close();
    }
  });
});
