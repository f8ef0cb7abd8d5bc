/**
 * `hookline run` as a real process: it prints its address, relays what is POSTed to it, and on
 * SIGTERM/SIGINT stops accepting, delivers everything it holds, and exits.
 */
import { Agent, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { describe, expect, it } from "vitest";
import { startCaptureServer, type CaptureServer } from "./support/capture-server.js";
import { useCleanup } from "./support/cleanup.js";
import { spawnHookline, startHooklineRun, type RunningHookline, type SpawnOptions } from "./support/hookline-process.js";
import { idsOf, successes } from "./support/payloads.js";
import { createGate, waitFor, within } from "./support/wait-for.js";
import { parseSummary } from "./support/summary-table.js";
import { makeTempDir } from "./support/temp-files.js";

const cleanup = useCleanup();

async function captureServer(): Promise<CaptureServer> {
  const server = await startCaptureServer();
  cleanup(() => server.close());
  return server;
}

async function writeConfig(yaml: string): Promise<string> {
  const dir = await makeTempDir();
  cleanup(() => dir.remove());
  return dir.write("config.yaml", yaml);
}

async function run(configFile: string, options: Parameters<typeof startHooklineRun>[1] = {}): Promise<RunningHookline> {
  const proc = await startHooklineRun(configFile, options);
  cleanup(async () => {
    proc.kill("SIGKILL");
    await proc.exited;
  });
  return proc;
}

/** Batches of 100 that wait up to 60 s: nothing is sent before shutdown unless shutdown flushes. */
function holdingConfig(endpoint: string): string {
  return `
litellm_settings:
  callbacks: ["api"]
callback_settings:
  api:
    callback_type: generic_api
    endpoint: ${endpoint}
    headers:
      Authorization: Bearer \${API_TOKEN}
    batch_size: 100
    flush_interval: 60
`;
}

/** A POST whose body is sent in two parts: the first now, the rest on `finish()`. */
/** Waits until hookline's receiver has started handling `n` requests (its /metrics says so). */
async function receiverHasRequests(baseUrl: string, n: number): Promise<void> {
  await waitFor(
    async () => {
      const text = await (await fetch(`${baseUrl}/metrics`)).text();
      const match = /^hookline_receiver_requests_total (\d+)/m.exec(text);
      return match !== null && Number(match[1]) >= n;
    },
    { what: `the receiver to have ${n} request(s) in progress` },
  );
}

function startSlowPost(
  url: string,
  body: string,
  agent: Agent,
): { connected: Promise<void>; finish(): Promise<{ status: number; headers: IncomingHttpHeaders; text: string }> } {
  const req = httpRequest(url, { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } });
  const response = new Promise<{ status: number; headers: IncomingHttpHeaders; text: string }>((resolve, reject) => {
    req.on("response", (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on("error", reject);
  });
  response.catch(() => {});
  const half = Math.floor(body.length / 2);
  req.write(body.slice(0, half));
  const connected = new Promise<void>((resolve, reject) => {
    req.once("error", reject);
    req.once("socket", (socket) => (socket.connecting ? socket.once("connect", () => resolve()) : resolve()));
  });
  // The follow-up request may be refused outright; its error is read through finish().
  connected.catch(() => {});
  return {
    connected,
    finish() {
      req.end(body.slice(half));
      return response;
    },
  };
}

async function postEvents(url: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: response.status, json: await response.json() };
}

describe("hookline run", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`prints its address, relays POSTed events, and on ${signal} delivers them all and exits 0`, async () => {
      const server = await captureServer();
      const cfg = await writeConfig(holdingConfig(`${server.url}/logs`));
      const env: SpawnOptions["env"] = { API_TOKEN: "sk-run-token" };
      const proc = await run(cfg, { env });
      expect(proc.stdout).toMatch(/^hookline listening on http:\/\/127\.0\.0\.1:\d+\/v1\/callbacks\/logs$/m);
      expect(proc.url).not.toMatch(/:0$/);

      const payloads = successes(12);
      expect(await postEvents(proc.logsUrl, payloads.slice(0, 5))).toEqual({ status: 200, json: { accepted: 5, rejected: [] } });
      expect(await postEvents(proc.logsUrl, payloads.slice(5))).toEqual({ status: 200, json: { accepted: 7, rejected: [] } });
      // A batch of 100 that may wait 60 s: the events are held, not yet sent.
      expect(server.requests).toHaveLength(0);

      proc.kill(signal);
      const exit = await proc.waitForExit(10_000);
      expect(exit.code, exit.stderr).toBe(0);
      expect(exit.stderr).toContain(signal);
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]!.headers["authorization"]).toBe("Bearer sk-run-token");
      expect(server.requests[0]!.json()).toEqual(payloads);
      // The per-callback summary names the callback and what it sent.
      expect(parseSummary(exit.stderr)["api"]).toMatchObject({ received: 12, filtered: 0, sent: 12, failed: 0, dropped: 0 });
    });
  }

  it("stops accepting on SIGTERM while still draining what it holds", async () => {
    const server = await captureServer();
    const gate = createGate();
    cleanup(() => gate.release());
    server.respondNext({ gate: gate.promise });
    const cfg = await writeConfig(holdingConfig(`${server.url}/logs`));
    const proc = await run(cfg, { env: { API_TOKEN: "t" } });
    expect((await postEvents(proc.logsUrl, successes(3))).status).toBe(200);

    proc.kill("SIGTERM");
    await server.waitForRequests(1); // the shutdown flush is in flight, held by the gate
    await expect(fetch(proc.logsUrl, { method: "POST", body: "[]" })).rejects.toThrow();

    gate.release();
    const exit = await proc.waitForExit(10_000);
    expect(exit.code, exit.stderr).toBe(0);
    expect(idsOf(server.items())).toEqual(["e1", "e2", "e3"]);
  });

  it("a request whose body is still arriving at SIGTERM is completed, answered 200, and its events delivered", async () => {
    const server = await captureServer();
    const cfg = await writeConfig(holdingConfig(`${server.url}/logs`));
    const proc = await run(cfg, { env: { API_TOKEN: "t" } });
    const agent = new Agent({ keepAlive: false });
    cleanup(() => agent.destroy());
    const slow = startSlowPost(proc.logsUrl, JSON.stringify(successes(4)), agent);
    await slow.connected;
    await receiverHasRequests(proc.url, 1);

    proc.kill("SIGTERM");
    await waitFor(() => proc.stderr.includes("stopped accepting"), { what: "the process to stop accepting" });
    const response = await within(slow.finish(), 5000, "the response");
    expect(response).toMatchObject({ status: 200, text: JSON.stringify({ accepted: 4, rejected: [] }) });
    const exit = await proc.waitForExit(10_000);
    expect(exit.code, exit.stderr).toBe(0);
    expect(idsOf(server.items())).toEqual(["e1", "e2", "e3", "e4"]);
  });

  // BUG: after SIGTERM the receiver keeps serving requests on connections that were busy when it
  // closed (keep-alive), so a client that keeps sending (a LiteLLM proxy) holds shutdown off
  // indefinitely — and a SIGKILL at the end of a grace period loses everything held.
  it("after SIGTERM, a kept-alive connection that was busy is closed after its response: no new requests are taken", async () => {
    const server = await captureServer();
    const cfg = await writeConfig(holdingConfig(`${server.url}/logs`));
    const proc = await run(cfg, { env: { API_TOKEN: "t" } });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    cleanup(() => agent.destroy());
    const slow = startSlowPost(proc.logsUrl, JSON.stringify(successes(2)), agent);
    await slow.connected;
    await receiverHasRequests(proc.url, 1);

    proc.kill("SIGTERM");
    await waitFor(() => proc.stderr.includes("stopped accepting"), { what: "the process to stop accepting" });
    const response = await within(slow.finish(), 5000, "the in-progress response");
    expect(response.status).toBe(200);

    // The same client sends again, as a proxy under load would.
    const again = startSlowPost(proc.logsUrl, JSON.stringify([successes(1, "late")[0]]), agent);
    const outcome = await within(
      again.finish().then((r) => `HTTP ${r.status}`, (err: NodeJS.ErrnoException) => `error ${err.code ?? err.message}`),
      5000,
      "the follow-up request",
    );
    expect(outcome).not.toBe("HTTP 200");
    const exit = await proc.waitForExit(10_000);
    expect(exit.code, exit.stderr).toBe(0);
    expect(idsOf(server.items())).toEqual(["e1", "e2"]);
  });

  it("exits 1 and says so when the drain timeout passes before delivery", async () => {
    const server = await captureServer();
    const gate = createGate(); // never released before the process exits
    cleanup(() => gate.release());
    server.respond(() => ({ gate: gate.promise }));
    const cfg = await writeConfig(holdingConfig(`${server.url}/logs`));
    const proc = await run(cfg, { env: { API_TOKEN: "t" }, extraArgs: ["--drain-timeout", "0.3"] });
    expect((await postEvents(proc.logsUrl, successes(2))).status).toBe(200);

    proc.kill("SIGTERM");
    const exit = await proc.waitForExit(10_000);
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain("drain timeout");
    expect(exit.stderr).toContain("2 event(s)");
  });

  // BUG: the usage text says exit status 1 means "events not delivered", and replay follows it,
  // but run exits 0 after its drain even when events failed for good.
  it("events that failed for good by the end of the drain make run exit 1, as the usage text says", async () => {
    const server = await captureServer();
    server.respond(() => ({ status: 400, body: '{"error":"schema mismatch"}' }));
    const cfg = await writeConfig(holdingConfig(`${server.url}/logs`));
    const proc = await run(cfg, { env: { API_TOKEN: "t" } });
    expect((await postEvents(proc.logsUrl, successes(2))).status).toBe(200);

    proc.kill("SIGTERM");
    const exit = await proc.waitForExit(10_000);
    expect(server.requests.length).toBeGreaterThanOrEqual(1);
    expect(parseSummary(exit.stderr)["api"]).toMatchObject({ sent: 0, failed: 2 });
    expect(exit.code).toBe(1);
  });

  it("a config error: exit 1 before listening, with the file and key path on stderr", async () => {
    const server = await captureServer();
    const cfg = await writeConfig(`
litellm_settings:
  callbacks: ["api"]
callback_settings:
  api:
    callback_type: generic_api
    endpoint: ${server.url}/logs
    batch_size: -5
`);
    const proc = spawnHookline(["run", "--config", cfg, "--port", "0"]);
    cleanup(() => proc.kill("SIGKILL"));
    const exit = await proc.waitForExit(10_000);
    expect(exit.code).toBe(1);
    expect(exit.stdout).not.toContain("listening");
    expect(exit.stderr).toContain(cfg);
    expect(exit.stderr).toContain("callback_settings.api.batch_size");
    expect(exit.stderr).toContain("positive integer");
  });

  it("an environment variable the config needs is read from the process environment", async () => {
    const server = await captureServer();
    const cfg = await writeConfig(holdingConfig(`${server.url}/logs`));
    const missing = spawnHookline(["run", "--config", cfg, "--port", "0"]);
    cleanup(() => missing.kill("SIGKILL"));
    const exit = await missing.waitForExit(10_000);
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain("API_TOKEN");
    expect(exit.stderr).toContain("callback_settings.api.headers.Authorization");
  });

  it("run without --config is a usage error (exit 2)", async () => {
    const proc = spawnHookline(["run", "--port", "0"]);
    cleanup(() => proc.kill("SIGKILL"));
    const exit = await proc.waitForExit(10_000);
    expect(exit.code).toBe(2);
    expect(exit.stderr).toContain("--config");
  });
});
