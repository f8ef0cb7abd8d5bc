/**
 * `hookline validate` and `hookline run` with the config's `nats` section and a `nats` callback,
 * through the built binary against a real nats-server.
 */
import { connectNats, natsExporter } from "@hookline/nats";
import { writeFile } from "node:fs/promises";
import { startCaptureServer } from "../support/capture-server.js";
import { waitFor } from "../support/wait-for.js";
import { jetstreamManager } from "@nats-io/jetstream";
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { spawnHookline, startHooklineRun } from "../support/hookline-process.js";
import { startNatsServer } from "../support/nats-server.js";
import { makeTempDir } from "../support/temp-files.js";

const cleanup = useCleanup();
const TOKEN = "nats-token-hunter2";

async function tempDir() {
  const dir = await makeTempDir();
  cleanup(() => dir.remove());
  return dir;
}

function receiverConfig(servers: string, extra = ""): string {
  return `
litellm_settings:
  callbacks: ["jetstream"]
callback_settings:
  jetstream:
    callback_type: generic_api
    exporter: nats
    log_format: ndjson
    flush_interval: 10
    max_retry_time: 1
    timeout: 1
${extra}
nats:
  servers: ${servers}
`;
}

async function post(url: string, events: readonly object[]): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { method: "POST", body: JSON.stringify(events), headers: { "content-type": "application/json" }, signal: AbortSignal.timeout(20_000) });
  return { status: res.status, body: await res.text() };
}

describe("hookline validate with a nats section", () => {
  it("names each problem's key and never prints a credential", async () => {
    const dir = await tempDir();
    const file = await dir.write(
      "config.yaml",
      `
litellm_settings:
  callbacks: ["jetstream", "worker_side"]
callback_settings:
  jetstream:
    callback_type: generic_api
    exporter: nats
  worker_side:
    callback_type: generic_api
    endpoint: http://127.0.0.1:9/in
nats:
  servers: os.environ/NATS_URL
  token: os.environ/NATS_TOKEN
  consume: true
  max_ack_pending: 0
`,
    );
    const run = spawnHookline(["validate", "--config", file], { env: { NATS_URL: `nats://${TOKEN}@127.0.0.1:4222/x`, NATS_TOKEN: TOKEN } });
    const exit = await run.waitForExit();
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain("nats.servers.0: expected a server URL such as nats://127.0.0.1:4222");
    expect(exit.stderr).toContain("nats.max_ack_pending: expected a whole number of at least 1");
    expect(exit.stderr).not.toContain(TOKEN);
  });

  it("refuses a nats callback that does not send one event per line, and a worker that would publish into its own stream", async () => {
    const dir = await tempDir();
    const file = await dir.write("config.yaml", receiverConfig("nats://127.0.0.1:4222").replace("log_format: ndjson", "log_format: json_array") + "  consume: true\n");
    const exit = await spawnHookline(["run", "--config", file, "--port", "0"]).waitForExit();
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain('callback_settings.jetstream.log_format: the nats exporter publishes events one by one: expected ndjson or single; got "json_array"');
    expect(exit.stderr).toContain("callback_settings.jetstream.exporter: nats.consume is true");
  });
});

describe("hookline run as a receiver whose callback is the nats exporter", () => {
  it("answers 200 only once JetStream acknowledged the events: 503 while the server is down, 200 once it is back", async () => {
    const nats = await startNatsServer();
    cleanup(() => nats.remove());
    const dir = await tempDir();
    const receiver = await startHooklineRun(await dir.write("receiver.yaml", receiverConfig(nats.url)), { timeoutMs: 30_000 });
    cleanup(() => receiver.kill("SIGKILL"));

    // flush_interval is 10 s: a 200 within it means the answer did not wait for the batch timer.
    const started = Date.now();
    const first = await post(receiver.logsUrl, [{ id: "a", status: "success" }, { id: "b", status: "success" }]);
    expect(first.status, first.body).toBe(200);
    expect(Date.now() - started).toBeLessThan(10_000);

    await nats.kill("SIGKILL");
    const down = await post(receiver.logsUrl, [{ id: "c", status: "success" }]);
    expect(down.status).toBe(503);
    expect(down.body).toContain("were not delivered (failed)");

    await nats.restart();
    // As a sender retries: the client reconnects within moments of the server's return.
    let again = { status: 0, body: "" };
    for (let attempt = 0; attempt < 40 && again.status !== 200; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 250));
      again = await post(receiver.logsUrl, [{ id: "c", status: "success" }]);
    }
    expect(again.status, again.body).toBe(200);
    const nc = await connectNats({ servers: [nats.url] });
    try {
      expect((await (await jetstreamManager(nc)).streams.info("HOOKLINE")).state.messages).toBe(3);
    } finally {
      await nc.close();
    }
    receiver.kill("SIGTERM");
    expect((await receiver.waitForExit()).code).not.toBeNull();
  }, 60_000);

  it("a worker that cannot reach NATS at start says so and exits 1", async () => {
    const dir = await tempDir();
    const file = await dir.write(
      "worker.yaml",
      `
litellm_settings:
  callbacks: ["api"]
callback_settings:
  api:
    callback_type: generic_api
    endpoint: http://127.0.0.1:9/in
nats:
  servers: nats://admin:pw-hunter2@127.0.0.1:9
  consume: true
`,
    );
    const exit = await spawnHookline(["run", "--config", file, "--port", "0"]).waitForExit(30_000);
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain("nats: cannot start consuming from nats://127.0.0.1:9");
    expect(exit.stderr).not.toContain("pw-hunter2");
  });
});

describe("hookline run as a worker (nats.consume)", () => {
  function workerConfig(natsUrl: string, endpoint: string, callback: string): string {
    return `
litellm_settings:
  callbacks: ["${callback}"]
callback_settings:
  ${callback}:
    callback_type: generic_api
    endpoint: ${endpoint}/in
    log_format: ndjson
    flush_interval: 0.02
nats:
  servers: ${natsUrl}
  consume: true
`;
  }

  async function publish(natsUrl: string, ids: readonly string[]): Promise<void> {
    const exporter = natsExporter({ servers: [natsUrl] });
    const body = ids.map((id) => JSON.stringify({ id, status: "success" })).join("\n");
    const result = await exporter.export({ body, contentType: "application/x-ndjson", eventCount: ids.length }, { signal: AbortSignal.timeout(10_000) });
    await exporter.close?.();
    expect(result.kind).toBe("success");
  }

  it("after a reload that removes its callback, leaves that callback's events in the stream (given back, not acknowledged)", async () => {
    const nats = await startNatsServer();
    cleanup(() => nats.remove());
    const endpoint = await startCaptureServer();
    cleanup(() => endpoint.close());
    const dir = await tempDir();
    const file = await dir.write("worker.yaml", workerConfig(nats.url, endpoint.url, "api"));
    const worker = await startHooklineRun(file, { timeoutMs: 30_000 });
    cleanup(() => worker.kill("SIGKILL"));
    await publish(nats.url, ["a", "b"]);
    await endpoint.waitForItems(2);

    await writeFile(file, workerConfig(nats.url, endpoint.url, "other"));
    worker.kill("SIGHUP");
    await waitFor(() => worker.stderr.includes("reload: running"), { timeoutMs: 10_000, what: "the reload" });
    expect(worker.stderr).toContain("warning: reload: nats: callback api is gone; its events wait in the stream for consumer hookline_api");
    await publish(nats.url, ["c"]);
    const nc = await connectNats({ servers: [nats.url] });
    try {
      const jsm = await jetstreamManager(nc);
      // Handed to the worker, refused (its callback is gone), so never acknowledged.
      await waitFor(async () => (await jsm.consumers.info("HOOKLINE", "hookline_api")).delivered.stream_seq === 3, { timeoutMs: 5000, what: "event c handed out" });
      await waitFor(async () => (await (await fetch(`${worker.url}/metrics`)).text()).includes('hookline_nats_events_total{result="returned"} 1'), { timeoutMs: 5000, what: "the give-back in /metrics" });
      const metrics = await (await fetch(`${worker.url}/metrics`)).text();
      expect(metrics).toContain('hookline_nats_events_total{result="acknowledged"} 2');
      expect(metrics).toContain('hookline_nats_events_total{result="taken"} 3');
      worker.kill("SIGTERM");
      const exit = await worker.waitForExit();
      expect(exit.stderr).toMatch(/acknowledged 2, gave back 1 for redelivery/);
      const info = await jsm.consumers.info("HOOKLINE", "hookline_api");
      expect(info.ack_floor.stream_seq).toBe(2);
      expect(endpoint.items().map((item) => item["id"])).toEqual(["a", "b"]);
    } finally {
      await nc.close();
    }
  });
});
