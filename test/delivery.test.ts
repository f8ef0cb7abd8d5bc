/**
 * How a callback built from config reacts to what the endpoint answers: retries (Retry-After,
 * 429, 5xx, timeouts), permanent failures, 413 splitting, and compression.
 */
import { describe, expect, it } from "vitest";
import { startCaptureServer, type CaptureServer, type CapturedRequest } from "./support/capture-server.js";
import { useCleanup } from "./support/cleanup.js";
import { pipelineFromYaml, shutdownQuickly, type ConfigPipeline } from "./support/config-pipeline.js";
import { idsOf, successes } from "./support/payloads.js";
import { createGate, within } from "./support/wait-for.js";

const cleanup = useCleanup();

async function setup(settings: string, respond?: Parameters<CaptureServer["respond"]>[0]): Promise<{ server: CaptureServer; built: ConfigPipeline }> {
  const server = await startCaptureServer(respond ? { respond } : {});
  cleanup(() => server.close());
  const built = await pipelineFromYaml(`
litellm_settings:
  callbacks: ["api"]
callback_settings:
  api:
    callback_type: generic_api
    endpoint: ${server.url}/logs
    headers:
      Authorization: Bearer sk-delivery-secret
${settings
  .trim()
  .split("\n")
  .map((line) => `    ${line}`)
  .join("\n")}
`);
  cleanup(() => shutdownQuickly(built.pipeline));
  return { server, built };
}

const idsIn = (requests: readonly CapturedRequest[]): unknown[] => requests.flatMap((r) => idsOf(r.items()));

describe("retries", () => {
  for (const status of [503, 429, 500, 408]) {
    it(`a ${status} is retried; the same body arrives again and is then accepted`, async () => {
      const { server, built } = await setup("retry_delay: 0.01\nbatch_size: 3");
      server.respondNext({ status, headers: { "retry-after": "0" } });
      const payloads = successes(3);
      for (const payload of payloads) built.pipeline.log(payload);
      await within(built.pipeline.flush(), 5000, "flush");

      expect(server.requests).toHaveLength(2);
      expect(server.requests[1]!.text).toBe(server.requests[0]!.text);
      expect(idsIn(server.requests.slice(1))).toEqual(idsOf(payloads));
      const metrics = built.pipeline.metrics()[0]!;
      expect(metrics.sent).toBe(3);
      expect(metrics.failed).toBe(0);
      expect(built.undelivered).toEqual([]);
    });
  }

  it("Retry-After delays the next attempt by at least that long", async () => {
    const { server, built } = await setup("retry_delay: 0.01");
    server.respondNext({ status: 503, headers: { "retry-after": "1" } });
    built.pipeline.log(successes(1)[0]!);
    await within(built.pipeline.flush(), 5000, "flush");
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.receivedAt - server.requests[0]!.receivedAt).toBeGreaterThanOrEqual(950);
  });

  it("gives up after max_retries and reports the events failed", async () => {
    const { server, built } = await setup("retry_delay: 0.01\nmax_retry_delay: 0.02\nmax_retries: 2", () => ({ status: 503 }));
    for (const payload of successes(2)) built.pipeline.log(payload);
    await within(built.pipeline.flush(), 5000, "flush");
    expect(server.requests).toHaveLength(3);
    const metrics = built.pipeline.metrics()[0]!;
    expect(metrics.sent).toBe(0);
    expect(metrics.failed).toBe(2);
    expect(built.undelivered).toHaveLength(1);
    expect(built.undelivered[0]!.report.reason).toContain("503");
  });

  it("a request that times out is retried", async () => {
    const gate = createGate();
    cleanup(() => gate.release());
    const { server, built } = await setup("retry_delay: 0.01\ntimeout: 0.2");
    server.respondNext({ gate: gate.promise });
    built.pipeline.log(successes(1)[0]!);
    await within(built.pipeline.flush(), 5000, "flush");
    expect(server.requests).toHaveLength(2);
    expect(built.pipeline.metrics()[0]!.sent).toBe(1);
  });
});

describe("permanent failures", () => {
  it("a 401 is not retried; the failure is reported without the credential", async () => {
    const { server, built } = await setup("retry_delay: 0.01", () => ({ status: 401, body: '{"error":"bad key"}' }));
    for (const payload of successes(2)) built.pipeline.log(payload);
    await within(built.pipeline.flush(), 5000, "flush");
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.headers["authorization"]).toBe("Bearer sk-delivery-secret");
    const metrics = built.pipeline.metrics()[0]!;
    expect(metrics.failed).toBe(2);
    expect(metrics.retried).toBe(0);
    const [failed] = built.undelivered;
    expect(failed!.report.outcome).toBe("failed");
    expect(failed!.report.reason).toContain("401");
    expect(JSON.stringify(failed!.report.reason)).not.toContain("sk-delivery-secret");
  });
});

describe("error bodies", () => {
  it("a text/plain error body is quoted in the failure reason, with the credential redacted", async () => {
    const { built } = await setup("retry_delay: 0.01", (request) => ({
      status: 422,
      headers: { "content-type": "text/plain" },
      body: `bad request from ${String(request.headers["authorization"])} (token sk-delivery-secret)`,
    }));
    built.pipeline.log(successes(1)[0]!);
    await within(built.pipeline.flush(), 5000, "flush");
    const [failed] = built.undelivered;
    expect(failed!.report.reason).toContain("422");
    expect(failed!.report.reason).toContain("bad request from");
    expect(failed!.report.reason).not.toContain("sk-delivery-secret");
  });
});

describe("413 Payload Too Large", () => {
  it("splits the batch until the endpoint takes it; every event arrives exactly once", async () => {
    const { server, built } = await setup("batch_size: 8", (request) => (request.items().length > 2 ? { status: 413 } : undefined));
    const payloads = successes(8);
    for (const payload of payloads) built.pipeline.log(payload);
    await within(built.pipeline.flush(), 5000, "flush");

    const accepted = server.requests.filter((r) => r.items().length <= 2);
    const ids = idsIn(accepted);
    expect([...ids].sort()).toEqual(idsOf(payloads).sort());
    expect(new Set(ids).size).toBe(8);
    expect(built.pipeline.metrics()[0]!.sent).toBe(8);
  });
});

describe("compression", () => {
  it("gzip: the body arrives gzip-compressed with Content-Encoding: gzip", async () => {
    const { server, built } = await setup("log_format: ndjson\ncompression: gzip");
    const payloads = successes(3);
    for (const payload of payloads) built.pipeline.log(payload);
    await within(built.pipeline.flush(), 5000, "flush");

    const [request] = server.requests;
    expect(request!.headers["content-encoding"]).toBe("gzip");
    expect(request!.raw.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(request!.ndjson()).toEqual(payloads);
    expect(request!.headers["content-type"]).toBe("application/x-ndjson");
  });
});
