/**
 * What arrives at an HTTP endpoint for each log_format, built from config.yaml exactly as
 * `hookline run` builds it (parseConfig + callbacksFromConfig + createPipeline).
 */
import { describe, expect, it } from "vitest";
import { startCaptureServer, type CaptureServer } from "./support/capture-server.js";
import { useCleanup } from "./support/cleanup.js";
import { pipelineFromYaml, shutdownQuickly, type ConfigPipeline } from "./support/config-pipeline.js";
import { failure, idsOf, success, successes } from "./support/payloads.js";

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

/** A config with one generic_api callback named `api` sending to `endpoint`. */
function oneCallback(endpoint: string, settings = ""): string {
  return `
litellm_settings:
  callbacks: ["api"]
callback_settings:
  api:
    callback_type: generic_api
    endpoint: ${endpoint}
${settings
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => `    ${line}`)
  .join("\n")}
`;
}

describe("log_format json_array (LiteLLM's default)", () => {
  it("sends one JSON array holding the exact payloads, in order", async () => {
    const server = await captureServer();
    const { pipeline: p } = await pipeline(oneCallback(`${server.url}/logs`));
    const payloads = [success("e1"), failure("e2"), success("e3", { model: "claude-3-5-sonnet" })];
    for (const payload of payloads) p.log(payload);
    await p.flush();

    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request!.method).toBe("POST");
    expect(request!.path).toBe("/logs");
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(request!.json()).toEqual(payloads);
  });

  it("is what a callback without log_format sends, and an explicit json_array sends the same", async () => {
    const server = await captureServer();
    const yaml = `
litellm_settings:
  callbacks: ["implicit", "explicit"]
callback_settings:
  implicit:
    callback_type: generic_api
    endpoint: ${server.url}/implicit
  explicit:
    callback_type: generic_api
    endpoint: ${server.url}/explicit
    log_format: json_array
`;
    const { pipeline: p } = await pipeline(yaml);
    p.log(success("e1"));
    p.log(success("e2"));
    await p.flush();
    const implicit = server.requestsTo("/implicit");
    const explicit = server.requestsTo("/explicit");
    expect(implicit).toHaveLength(1);
    expect(explicit).toHaveLength(1);
    expect(Array.isArray(implicit[0]!.json())).toBe(true);
    expect(implicit[0]!.text).toBe(explicit[0]!.text);
  });
});

describe("log_format ndjson", () => {
  it("sends one object per line, each line ending with a newline, as application/x-ndjson", async () => {
    const server = await captureServer();
    const { pipeline: p } = await pipeline(oneCallback(`${server.url}/ndjson`, "log_format: ndjson"));
    const payloads = [success("e1"), failure("e2"), success("e3")];
    for (const payload of payloads) p.log(payload);
    await p.flush();

    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request!.headers["content-type"]).toBe("application/x-ndjson");
    expect(request!.text.endsWith("\n")).toBe(true);
    const lines = request!.text.slice(0, -1).split("\n");
    expect(lines).toHaveLength(3);
    expect(lines.map((line) => JSON.parse(line))).toEqual(payloads);
  });
});

describe("log_format single", () => {
  it("sends one request per event, each body one JSON object", async () => {
    const server = await captureServer();
    const { pipeline: p } = await pipeline(oneCallback(`${server.url}/single`, "log_format: single"));
    const payloads = [success("e1"), failure("e2"), success("e3")];
    for (const payload of payloads) p.log(payload);
    await p.flush();

    expect(server.requests).toHaveLength(3);
    for (const request of server.requests) {
      expect(request.headers["content-type"]).toBe("application/json");
      const body = request.json<Record<string, unknown>>();
      expect(Array.isArray(body)).toBe(false);
      expect(typeof body).toBe("object");
    }
    // Requests go concurrently, so their arrival order is not fixed; each event arrives once.
    const bodies = server.requests.map((r) => r.json<{ id: string }>()).sort((a, b) => a.id.localeCompare(b.id));
    expect(bodies).toEqual(payloads);
  });
});

describe("headers", () => {
  it("sends configured headers, and a configured Content-Type wins over the formatter's", async () => {
    const server = await captureServer();
    const settings = `
log_format: ndjson
headers:
  Authorization: Bearer sk-1234
  X-Team: platform
  Content-Type: application/vnd.acme.logs+json
`;
    const { pipeline: p } = await pipeline(oneCallback(`${server.url}/logs`, settings));
    p.log(success("e1"));
    await p.flush();

    expect(server.requests).toHaveLength(1);
    const { headers } = server.requests[0]!;
    expect(headers["authorization"]).toBe("Bearer sk-1234");
    expect(headers["x-team"]).toBe("platform");
    expect(headers["content-type"]).toBe("application/vnd.acme.logs+json");
    // The body is still what log_format says, whatever the header claims.
    expect(server.requests[0]!.ndjson()).toEqual([success("e1")]);
  });

  it("sends the formatter's Content-Type and no Authorization when none is configured", async () => {
    const server = await captureServer();
    const { pipeline: p } = await pipeline(oneCallback(`${server.url}/logs`));
    p.log(success("e1"));
    await p.flush();
    expect(server.requests[0]!.headers["content-type"]).toBe("application/json");
    expect(server.requests[0]!.headers["authorization"]).toBeUndefined();
  });
});

describe("request line and credentials", () => {
  it("method: put sends PUT; a numeric header value is sent as text", async () => {
    const server = await captureServer();
    const { pipeline: p } = await pipeline(oneCallback(`${server.url}/logs`, "method: put\nheaders:\n  X-Tenant: 42"));
    p.log(success("e1"));
    await p.flush();
    expect(server.requests[0]!.method).toBe("PUT");
    expect(server.requests[0]!.headers["x-tenant"]).toBe("42");
  });

  it("userinfo in the endpoint becomes Basic authentication and is not sent in the URL", async () => {
    const server = await captureServer();
    const endpoint = server.url.replace("http://", "http://logger:s3cret@") + "/logs?tenant=acme";
    const { pipeline: p } = await pipeline(oneCallback(endpoint));
    p.log(success("e1"));
    await p.flush();
    const [request] = server.requests;
    expect(request!.headers["authorization"]).toBe(`Basic ${Buffer.from("logger:s3cret").toString("base64")}`);
    expect(request!.path).toBe("/logs");
    expect(request!.query.get("tenant")).toBe("acme");
  });
});

describe("batching, as LiteLLM's batch logger does it", () => {
  it("10 events with batch_size 100: nothing before flush, then exactly one POST with all 10", async () => {
    const server = await captureServer();
    const { pipeline: p } = await pipeline(oneCallback(`${server.url}/logs`, "batch_size: 100\nflush_interval: 60"));
    const payloads = successes(10);
    for (const payload of payloads) p.log(payload);
    // log() only pushes; with a batch of 100 and 60 s to wait, nothing can have been sent.
    expect(server.requests).toHaveLength(0);
    await p.flush();

    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.json()).toEqual(payloads);
  });

  it("batch_size 3 with 7 events: full batches go on their own, the rest on flush — bodies of 3, 3 and 1", async () => {
    const server = await captureServer();
    const { pipeline: p } = await pipeline(oneCallback(`${server.url}/logs`, "batch_size: 3\nflush_interval: 60"));
    const payloads = successes(7);
    for (const payload of payloads) p.log(payload);

    // The two full batches are sent without any flush.
    await server.waitForRequests(2);
    expect(server.requests.map((r) => r.json<unknown[]>().length).sort()).toEqual([3, 3]);

    await p.flush();
    expect(server.requests).toHaveLength(3);
    expect(server.requests[2]!.json()).toEqual([payloads[6]]);
    const ids = server.items().map((item) => item["id"]);
    expect([...ids].sort()).toEqual(idsOf(payloads).sort());
    // Each full batch holds consecutive events, in order.
    const firstTwo = server.requests.slice(0, 2).map((r) => idsOf(r.json<unknown[]>()));
    expect(firstTwo.sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual([
      ["e1", "e2", "e3"],
      ["e4", "e5", "e6"],
    ]);
  });
});

describe("batch limits besides batch_size", () => {
  it("flush_interval sends a partial batch on its own", async () => {
    const server = await captureServer();
    const { pipeline: p } = await pipeline(oneCallback(`${server.url}/logs`, "batch_size: 100\nflush_interval: 0.05"));
    p.log(success("e1"));
    p.log(success("e2"));
    const [request] = await server.waitForRequests(1, { timeoutMs: 5000 });
    expect(request!.json()).toEqual([success("e1"), success("e2")]);
  });

  it("max_batch_bytes caps each request's payload bytes", async () => {
    const server = await captureServer();
    const payloads = successes(10);
    const oneSize = Buffer.byteLength(JSON.stringify(payloads[0]));
    const { pipeline: p } = await pipeline(oneCallback(`${server.url}/logs`, `batch_size: 100\nmax_batch_bytes: ${oneSize * 3 + 5}`));
    for (const payload of payloads) p.log(payload);
    await p.flush();

    expect(server.requests.length).toBeGreaterThanOrEqual(4);
    for (const request of server.requests) expect(request.json<unknown[]>().length).toBeLessThanOrEqual(3);
    expect(idsOf(server.items()).sort()).toEqual(idsOf(payloads).sort());
  });
});

describe("event_types", () => {
  it("a failure-only callback receives only failures; a callback without event_types receives all", async () => {
    const server = await captureServer();
    const yaml = `
litellm_settings:
  callbacks: ["everything", "failures_only"]
callback_settings:
  everything:
    callback_type: generic_api
    endpoint: ${server.url}/all
  failures_only:
    callback_type: generic_api
    endpoint: ${server.url}/failures
    event_types: [llm_api_failure]
`;
    const { pipeline: p } = await pipeline(yaml);
    p.log(success("s1"));
    p.log(failure("f1"));
    p.log(success("s2"));
    p.failure(success("f2-explicit")); // the type given wins over the payload's status
    p.log(failure("f3"));
    await p.flush();

    expect(idsOf(server.items("/failures"))).toEqual(["f1", "f2-explicit", "f3"]);
    expect(idsOf(server.items("/all"))).toEqual(["s1", "f1", "s2", "f2-explicit", "f3"]);
    const filtered = p.metrics().find((m) => m.name === "failures_only")!;
    expect(filtered.filtered).toBe(2);
  });

  it("a callback named only in failure_callback receives only failures (LiteLLM's list semantics)", async () => {
    const server = await captureServer();
    const yaml = `
litellm_settings:
  failure_callback: ["alerts"]
callback_settings:
  alerts:
    callback_type: generic_api
    endpoint: ${server.url}/alerts
`;
    const { pipeline: p } = await pipeline(yaml);
    p.log(success("s1"));
    p.log(failure("f1"));
    await p.flush();
    expect(idsOf(server.items("/alerts"))).toEqual(["f1"]);
  });
});

describe("payload fidelity", () => {
  it("passes fields hookline does not know through untouched, in every format", async () => {
    const server = await captureServer();
    const yaml = `
litellm_settings:
  callbacks: ["array", "lines", "one"]
callback_settings:
  array:
    callback_type: generic_api
    endpoint: ${server.url}/array
  lines:
    callback_type: generic_api
    endpoint: ${server.url}/lines
    log_format: ndjson
  one:
    callback_type: generic_api
    endpoint: ${server.url}/one
    log_format: single
`;
    const { pipeline: p } = await pipeline(yaml);
    const payload = success("e1", {
      future_litellm_field: { nested: [1, 2.5, null, { deep: true }], empty: {} },
      "key with spaces": "ünïcödé ✓ \u2028 line\nbreak \"quoted\"",
      guardrail_information: null,
      vector_store_request_metadata: [{ vector_store_id: "vs_1", query: "q" }],
      huge_int: 9007199254740991,
      metadata: { user_api_key_hash: "hash", spend_logs_metadata: { custom: "value" }, requester_metadata: {} },
    });
    p.log(payload);
    await p.flush();

    expect(server.items("/array")).toEqual([payload]);
    expect(server.items("/lines")).toEqual([payload]);
    expect(server.items("/one")).toEqual([payload]);
    // The line break inside a string stays escaped: still one line per event.
    expect(server.requestsTo("/lines")[0]!.text.split("\n")).toHaveLength(2);
  });
});
