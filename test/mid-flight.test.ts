/**
 * Events logged while a request is in flight. LiteLLM's batch logger clears its queue after
 * `await`ing the send, so events appended during the send are lost; hookline must deliver each
 * of them exactly once.
 */
import { describe, expect, it } from "vitest";
import { startCaptureServer, type CaptureServer } from "./support/capture-server.js";
import { useCleanup } from "./support/cleanup.js";
import { pipelineFromYaml, shutdownQuickly, type ConfigPipeline } from "./support/config-pipeline.js";
import { idsOf, successes } from "./support/payloads.js";
import { createGate, waitFor, within } from "./support/wait-for.js";

const cleanup = useCleanup();

async function setup(settings: string): Promise<{ server: CaptureServer; built: ConfigPipeline }> {
  const server = await startCaptureServer();
  cleanup(() => server.close());
  const built = await pipelineFromYaml(`
litellm_settings:
  callbacks: ["api"]
callback_settings:
  api:
    callback_type: generic_api
    endpoint: ${server.url}/logs
${settings}
`);
  cleanup(() => shutdownQuickly(built.pipeline));
  return { server, built };
}

/** Ids of the payloads in requests answered 2xx, in arrival order. */
function deliveredIds(server: CaptureServer, accepted: (index: number) => boolean = () => true): unknown[] {
  return server.requests.filter((r) => accepted(r.index)).flatMap((r) => idsOf(r.items()));
}

function expectExactlyOnce(ids: readonly unknown[], expected: readonly unknown[]): void {
  expect([...ids].sort()).toEqual([...expected].sort());
  expect(new Set(ids).size).toBe(ids.length);
}

describe("events logged while a request is in flight", () => {
  it("with one request at a time: the held batch and everything logged meanwhile arrive exactly once", async () => {
    const { server, built } = await setup("    batch_size: 2\n    max_concurrency: 1");
    const gate = createGate();
    cleanup(() => gate.release());
    server.respondNext({ gate: gate.promise });
    const payloads = successes(9);

    built.pipeline.log(payloads[0]!);
    built.pipeline.log(payloads[1]!);
    await waitFor(() => server.held === 1, { what: "the first request to be held" });

    for (const payload of payloads.slice(2)) built.pipeline.log(payload);
    // Nothing else can go while the only slot is taken.
    expect(server.requests).toHaveLength(1);
    expect(idsOf(server.requests[0]!.items())).toEqual(["e1", "e2"]);

    gate.release();
    await within(built.pipeline.flush(), 5000, "flush");
    expectExactlyOnce(deliveredIds(server), idsOf(payloads));
    const metrics = built.pipeline.metrics()[0]!;
    expect(metrics.sent).toBe(9);
    expect(metrics.failed).toBe(0);
  });

  it("with concurrent requests: later batches may overtake the held one, and still each event arrives once", async () => {
    const { server, built } = await setup("    batch_size: 2\n    max_concurrency: 4");
    const gate = createGate();
    cleanup(() => gate.release());
    server.respondNext({ gate: gate.promise });
    const payloads = successes(7);

    built.pipeline.log(payloads[0]!);
    built.pipeline.log(payloads[1]!);
    await waitFor(() => server.held === 1, { what: "the first request to be held" });
    for (const payload of payloads.slice(2)) built.pipeline.log(payload);
    // Full batches (e3,e4) and (e5,e6) go alongside the held one.
    await server.waitForRequests(3);

    gate.release();
    await within(built.pipeline.flush(), 5000, "flush");
    expectExactlyOnce(deliveredIds(server), idsOf(payloads));
  });

  it("flush() called while a request is held waits for it; events logged after the call are kept for later", async () => {
    const { server, built } = await setup("    batch_size: 100\n    flush_interval: 60");
    const gate = createGate();
    cleanup(() => gate.release());
    server.respondNext({ gate: gate.promise });
    const payloads = successes(6);

    for (const payload of payloads.slice(0, 3)) built.pipeline.log(payload);
    let flushed = false;
    const flushing = built.pipeline.flush().then(() => (flushed = true));
    await waitFor(() => server.held === 1, { what: "the flushed batch to be held" });

    for (const payload of payloads.slice(3)) built.pipeline.log(payload);
    expect(flushed).toBe(false);

    gate.release();
    await within(flushing, 5000, "the first flush");
    expect(server.requests).toHaveLength(1);
    expect(idsOf(server.requests[0]!.items())).toEqual(["e1", "e2", "e3"]);

    await within(built.pipeline.flush(), 5000, "the second flush");
    expect(server.requests).toHaveLength(2);
    expectExactlyOnce(deliveredIds(server), idsOf(payloads));
  });

  it("when the held request is answered 503, it is retried and nothing logged meanwhile is lost or doubled", async () => {
    const { server, built } = await setup("    batch_size: 2\n    max_concurrency: 1\n    retry_delay: 0.01");
    const gate = createGate();
    cleanup(() => gate.release());
    server.respondNext({ gate: gate.promise, status: 503, headers: { "retry-after": "0" } });
    const payloads = successes(6);

    built.pipeline.log(payloads[0]!);
    built.pipeline.log(payloads[1]!);
    await waitFor(() => server.held === 1, { what: "the first request to be held" });
    for (const payload of payloads.slice(2)) built.pipeline.log(payload);

    gate.release();
    await within(built.pipeline.flush(), 5000, "flush");
    // Request 0 was refused; every accepted request together holds each event once.
    expect(idsOf(server.requests[0]!.items())).toEqual(["e1", "e2"]);
    expectExactlyOnce(deliveredIds(server, (index) => index > 0), idsOf(payloads));
    const metrics = built.pipeline.metrics()[0]!;
    expect(metrics.sent).toBe(6);
    expect(metrics.retried).toBeGreaterThanOrEqual(1);
  });

  it("shutdown while a request is held delivers it and everything logged before shutdown", async () => {
    const { server, built } = await setup("    batch_size: 2\n    max_concurrency: 1");
    const gate = createGate();
    cleanup(() => gate.release());
    server.respondNext({ gate: gate.promise });
    const payloads = successes(5);

    built.pipeline.log(payloads[0]!);
    built.pipeline.log(payloads[1]!);
    await waitFor(() => server.held === 1, { what: "the first request to be held" });
    for (const payload of payloads.slice(2)) built.pipeline.log(payload);

    const stopping = built.pipeline.shutdown({ deadlineMs: 10_000 });
    built.pipeline.log(successes(1, "late")[0]!); // after shutdown: not taken
    gate.release();
    const report = await within(stopping, 5000, "shutdown");
    expect(report.drained).toBe(true);
    expectExactlyOnce(deliveredIds(server), idsOf(payloads));
  });
});
