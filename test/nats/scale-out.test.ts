import { request } from "node:http";
import { connectNats } from "@hookline/nats";
import { jetstreamManager } from "@nats-io/jetstream";
import { describe, expect, it } from "vitest";
import { startCaptureServer } from "../support/capture-server.js";
import { useCleanup } from "../support/cleanup.js";
import { spawnHookline, startHooklineRun, type HooklineProcess, type RunningHookline } from "../support/hookline-process.js";
import { freePort, startNatsServer, type NatsServer } from "../support/nats-server.js";
import { makeTempDir } from "../support/temp-files.js";
import { waitFor, within } from "../support/wait-for.js";

const cleanup = useCleanup();

const BODIES = 150;
const PER_BODY = 20;
const TOTAL = BODIES * PER_BODY;
const MAX_ACK_PENDING = 200;

function receiverConfig(nats: NatsServer): string {
  return `
litellm_settings:
  callbacks: ["jetstream"]
callback_settings:
  jetstream:
    callback_type: generic_api
    exporter: nats
    log_format: ndjson
    flush_interval: 0.02
nats:
  servers: ${nats.url}
`;
}

function workerConfig(nats: NatsServer, endpoint: string): string {
  return `
litellm_settings:
  callbacks: ["api"]
callback_settings:
  api:
    callback_type: generic_api
    endpoint: ${endpoint}/in
    log_format: ndjson
    batch_size: 25
    flush_interval: 0.02
nats:
  servers: ${nats.url}
  consume: true
  ack_wait: 2
  max_ack_pending: ${MAX_ACK_PENDING}
  fetch_batch: 50
`;
}

/** Spawns `hookline run` on a fixed port (a restarted receiver keeps its address) and waits for it to listen. */
async function runOnPort(config: string, port: number): Promise<HooklineProcess> {
  const proc = spawnHookline(["run", "--config", config, "--port", String(port)]);
  await waitFor(() => proc.stdout.includes("hookline listening on") || proc.child.exitCode !== null, { timeoutMs: 30_000, what: "the receiver to listen" });
  if (proc.child.exitCode !== null) throw new Error(`receiver exited: ${proc.stderr}`);
  return proc;
}

function body(index: number): string {
  const events = Array.from({ length: PER_BODY }, (_, i) => ({ id: `ev-${index * PER_BODY + i}`, status: "success", model: "gpt-4o", response_cost: 0.001 }));
  return JSON.stringify(events);
}

/** What LiteLLM does with a body (at its most careful): sends it until a 200, a bounded number of times. */
async function sendUntilAccepted(url: string, text: string): Promise<number> {
  for (let attempt = 1; attempt <= 300; attempt++) {
    const status = await fetch(url, { method: "POST", body: text, headers: { "content-type": "application/json" }, signal: AbortSignal.timeout(30_000) })
      .then(async (res) => (await res.arrayBuffer(), res.status))
      .catch(() => 0);
    if (status === 200) return attempt;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("a body was never accepted");
}

/** The receiver's `hookline_receiver_requests_total`. */
async function receiverRequests(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return Number(/^hookline_receiver_requests_total (\d+)$/m.exec(text)?.[1] ?? "0");
}

const SUMMARY = /nats: took (\d+) event\(s\) from the stream \((\d+) redelivered\), acknowledged (\d+)/;

describe("scale-out on NATS JetStream (1 receiver, 3 workers, separate processes)", () => {
  it("delivers every event through a worker killed (-9) mid-stream, a receiver killed (-9) mid-request and a restarted nats-server; duplicates only from redeliveries, each counted", async () => {
    const nats = await startNatsServer();
    cleanup(() => nats.remove());
    // A real endpoint that takes 20 ms per request, so batches are in flight when processes die.
    const endpoint = await startCaptureServer({ respond: () => ({ gate: new Promise((resolve) => setTimeout(resolve, 20)) }) });
    cleanup(() => endpoint.close());
    const dir = await makeTempDir();
    cleanup(() => dir.remove());
    const receiverFile = await dir.write("receiver.yaml", receiverConfig(nats));
    const workerFile = await dir.write("worker.yaml", workerConfig(nats, endpoint.url));

    const port = await freePort();
    let receiver = await runOnPort(receiverFile, port);
    cleanup(() => receiver.kill("SIGKILL"));
    const workers: RunningHookline[] = [];
    for (let i = 0; i < 3; i++) {
      const worker = await startHooklineRun(workerFile, { timeoutMs: 30_000 });
      cleanup(() => worker.kill("SIGKILL"));
      workers.push(worker);
    }
    const logsUrl = `http://127.0.0.1:${port}/v1/callbacks/logs`;

    for (let index = 0; index < BODIES; index++) {
      if (index === 30) {
        workers[0]!.kill("SIGKILL");
        await within(workers[0]!.exited, 10_000, "the killed worker to exit");
      }
      if (index === 60) {
        // The receiver dies with this body's request open (half its body sent), then comes back
        // on the same port, and the body is sent again whole.
        const before = await receiverRequests(port);
        const open = request(logsUrl, { method: "POST", headers: { "content-type": "application/json" } });
        const failed = new Promise<void>((resolve) => open.once("error", () => resolve()));
        const text = body(index);
        open.write(text.slice(0, text.length / 2));
        await waitFor(async () => (await receiverRequests(port)) > before, { timeoutMs: 10_000, what: "the receiver to start reading the request" });
        receiver.kill("SIGKILL");
        await within(receiver.exited, 10_000, "the killed receiver to exit");
        await within(failed, 10_000, "the open request to fail");
        receiver = await runOnPort(receiverFile, port);
      }
      const sending = sendUntilAccepted(logsUrl, body(index));
      if (index === 90) await nats.restart();
      await sending;
    }

    await waitFor(() => new Set(endpoint.items().map((item) => item["id"])).size === TOTAL, {
      timeoutMs: 60_000,
      intervalMs: 50,
      what: () => `${TOTAL} distinct events at the endpoint (have ${new Set(endpoint.items().map((item) => item["id"])).size})`,
    });

    const exits = await Promise.all([receiver, workers[1]!, workers[2]!].map(async (proc) => (proc.kill("SIGTERM"), proc.waitForExit(20_000))));
    for (const exit of exits) expect(exit.code, exit.stderr).toBe(0);
    const summaries = exits.slice(1).map((exit) => SUMMARY.exec(exit.stderr));
    for (const summary of summaries) expect(summary).not.toBeNull();
    const redelivered = summaries.reduce((n, s) => n + Number(s![2]), 0);

    const ids = endpoint.items().map((item) => String(item["id"]));
    const duplicates = ids.length - new Set(ids).size;
    const diagnostics = `endpoint saw ${ids.length} events, ${duplicates} duplicates; workers:\n${exits.slice(1).map((exit) => exit.stderr).join("\n")}`;
    // The killed worker's unacknowledged events went to the others, counted as redelivered.
    expect(redelivered, diagnostics).toBeGreaterThan(0);
    // Every duplicate the endpoint saw is a redelivery a surviving worker counted; at most what was in flight.
    expect(duplicates, diagnostics).toBeLessThanOrEqual(redelivered);
    expect(duplicates, diagnostics).toBeLessThanOrEqual(2 * MAX_ACK_PENDING);

    // The stream holds each event once (retried publishes were dropped by their message ids), and
    // the consumer has nothing left unacknowledged.
    const nc = await connectNats({ servers: [nats.url] });
    try {
      const jsm = await jetstreamManager(nc);
      expect((await jsm.streams.info("HOOKLINE")).state.messages).toBe(TOTAL);
      const consumer = await jsm.consumers.info("HOOKLINE", "hookline_api");
      expect(consumer.num_pending).toBe(0);
      expect(consumer.num_ack_pending).toBe(0);
    } finally {
      await nc.close();
    }
  }, 180_000);
});
