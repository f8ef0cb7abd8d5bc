/**
 * Fault 22: connections that hold the receiver's file descriptors. Under a file limit of 256,
 * 300 idle connections (more than the limit) used to stop the receiver: accept() failed and
 * nothing could be posted. The receiver bounds its connections below the limit and closes the
 * longest-idle one for each new one, so real senders get through; a connection that dribbles
 * its headers or body, or sends nothing, is cut off by its timeout.
 */
import { connect, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { parseSummary } from "../support/summary-table.js";
import { waitFor, within } from "../support/wait-for.js";
import { account, expectIdentity } from "./support/accounting.js";
import { recordAccounting, useFigures } from "./support/figures.js";
import { configYaml, FAST_RETRIES, faultServer, getText, idsOf, metricValue, payloads, post, runProcess, tempDir } from "./support/harness.js";

const cleanup = useCleanup();
useFigures();

const SETTINGS = { ...FAST_RETRIES, batch_size: 5, flush_interval: 0.02 };

/** Opens `n` TCP connections to `url` that never send a byte; resolves once all are connected. */
async function idleSockets(url: string, n: number): Promise<Socket[]> {
  const { hostname, port } = new URL(url);
  const sockets = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<Socket>((resolve, reject) => {
          const socket = connect({ host: hostname, port: Number(port) }, () => resolve(socket));
          socket.on("error", () => {});
          socket.once("error", reject);
        }),
    ),
  );
  cleanup(() => sockets.forEach((s) => s.destroy()));
  return sockets;
}

/** Resolves with how long (ms) until the server closes `socket`; rejects after `timeoutMs`. */
function closedWithin(socket: Socket, timeoutMs: number): Promise<number> {
  const start = Date.now();
  return within(new Promise<number>((resolve) => socket.once("close", () => resolve(Date.now() - start))), timeoutMs, "the server to close the connection");
}

describe("fault 22: connection floods and slow clients", () => {
  it("file limit 256, 300 idle connections: 20 events posted meanwhile are all delivered, and 20 more once the idle ones are gone", async () => {
    const endpoint = await faultServer(cleanup);
    const dir = await tempDir(cleanup);
    const file = await dir.write("config.yaml", configYaml(`${endpoint.url}/logs`, SETTINGS));
    const proc = await runProcess(cleanup, file, { fileLimit: 256 });

    const idle = await idleSockets(proc.url, 300);
    const first = payloads(20, "flood-during");
    for (let i = 0; i < first.length; i += 5) expect((await post(proc.logsUrl, first.slice(i, i + 5))).status).toBe(200);
    await endpoint.waitForDelivered(idsOf(first));
    const metrics = await getText(proc.url, "/metrics");
    const evicted = metricValue(metrics, "hookline_receiver_connections_closed_total", { reason: "evicted" }) ?? 0;

    idle.forEach((s) => s.destroy());
    const second = payloads(20, "flood-after");
    for (let i = 0; i < second.length; i += 5) expect((await post(proc.logsUrl, second.slice(i, i + 5))).status).toBe(200);
    await endpoint.waitForDelivered(idsOf(second));
    proc.kill("SIGTERM");
    const exit = await proc.waitForExit(10_000);

    const sent = [...first, ...second];
    const a = account({ sent: idsOf(sent), server: endpoint, dropped: parseSummary(exit.stderr)["api"]?.["dropped"] ?? 0 });
    recordAccounting(a, {
      scenario: "22a ulimit -n 256, 300 idle connections, 20 + 20 events posted",
      requests: endpoint.requests.length,
      notes: `${evicted} idle connection(s) evicted; exit ${exit.code}`,
    });
    expectIdentity(a);
    expect(a.delivered).toBe(40);
    // At least the connections over the bound (half the limit) were closed to make room.
    expect(evicted).toBeGreaterThanOrEqual(300 - 128);
    expect(exit.code, exit.stderr).toBe(0);
  });

  it("a client dribbling its headers, one dribbling its body, one sending nothing, and one kept alive idle are each cut off by their timeout; others are served", async () => {
    const endpoint = await faultServer(cleanup);
    const dir = await tempDir(cleanup);
    const file = await dir.write(
      "config.yaml",
      configYaml(`${endpoint.url}/logs`, SETTINGS, "sources:\n  http: { headers_timeout: 0.5, request_timeout: 1, idle_timeout: 0.8 }\n"),
    );
    const proc = await runProcess(cleanup, file);
    const [headers, body, silent, kept] = await idleSockets(proc.url, 4);
    const answers: string[] = ["", "", "", ""];
    [headers, body, silent, kept].forEach((socket, i) => socket!.setEncoding("utf8").on("data", (chunk: string) => (answers[i] += chunk)));

    headers!.write("POST /v1/callbacks/logs HTTP/1.1\r\nHost: x\r\n");
    body!.write("POST /v1/callbacks/logs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n[");
    const keptEvents = payloads(5, "kept-alive");
    const keptBody = JSON.stringify(keptEvents);
    kept!.write(`POST /v1/callbacks/logs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(keptBody)}\r\n\r\n${keptBody}`);
    // Bounded dribble: a byte every 50 ms until the server closes (or 100 bytes).
    const dribble = (socket: Socket, text: string): void => {
      let n = 0;
      const timer = setInterval(() => {
        if (socket.destroyed || n++ >= 100) return clearInterval(timer);
        socket.write(text);
      }, 50);
      cleanup(() => clearInterval(timer));
    };
    dribble(headers!, "X");
    dribble(body!, " ");
    const [tHeaders, tBody, tSilent, tKept] = await Promise.all([headers, body, silent, kept].map((socket) => closedWithin(socket!, 4000)));
    const sent = payloads(5, "slow-others");
    expect((await post(proc.logsUrl, sent)).status).toBe(200);
    await endpoint.waitForDelivered(idsOf([...keptEvents, ...sent]));
    proc.kill("SIGTERM");
    const exit = await proc.waitForExit(10_000);
    const a = account({ sent: idsOf([...keptEvents, ...sent]), server: endpoint });
    recordAccounting(a, {
      scenario: "22b slow headers / slow body / silent / kept-alive idle (timeouts 0.5 / 1 / 0.5 / 0.8 s)",
      requests: endpoint.requests.length,
      notes: `closed after ${tHeaders} / ${tBody} / ${tSilent} / ${tKept} ms; exit ${exit.code}`,
    });
    expectIdentity(a);
    expect(answers[0]).toMatch(/^HTTP\/1\.1 408/);
    expect(answers[1]).toMatch(/^HTTP\/1\.1 408/);
    expect(answers[2]).toMatch(/^HTTP\/1\.1 408/);
    expect(answers[3]).toMatch(/^HTTP\/1\.1 200/);
    expect(tHeaders).toBeGreaterThanOrEqual(400);
    expect(tBody).toBeGreaterThanOrEqual(900);
    expect(tSilent).toBeGreaterThanOrEqual(400);
    expect(tKept).toBeGreaterThanOrEqual(700);
    expect(exit.code, exit.stderr).toBe(0);
  });
});
