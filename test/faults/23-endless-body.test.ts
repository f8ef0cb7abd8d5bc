/**
 * Fault 23: a chunked body that never ends. The receiver answers 413 once the body passes
 * `sources.http.max_body_bytes`, and then closes the connection instead of reading the rest:
 * it used to keep the connection open and burn a core draining it. The process's CPU over the
 * second after the 413 stays low, and the receiver still serves others.
 */
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { within } from "../support/wait-for.js";
import { account, expectIdentity } from "./support/accounting.js";
import { recordAccounting, useFigures } from "./support/figures.js";
import { configYaml, FAST_RETRIES, faultServer, idsOf, payloads, post, runProcess, tempDir } from "./support/harness.js";

const cleanup = useCleanup();
useFigures();

/** CPU time (user + system) the process has used, in ms (Linux /proc). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

describe("fault 23: an endless chunked body", () => {
  it("gets its 413 and the connection is closed; no CPU is burnt afterwards and others are served", async () => {
    const endpoint = await faultServer(cleanup);
    const dir = await tempDir(cleanup);
    const file = await dir.write("config.yaml", configYaml(`${endpoint.url}/logs`, { ...FAST_RETRIES, batch_size: 5, flush_interval: 0.02 }, "sources:\n  http: { max_body_bytes: 1000000 }\n"));
    const proc = await runProcess(cleanup, file);
    const { port } = new URL(proc.url);

    const socket = connect({ host: "127.0.0.1", port: Number(port) });
    cleanup(() => socket.destroy());
    socket.on("error", () => {});
    let answer = "";
    let answeredAt = 0;
    const answered = new Promise<void>((resolve) =>
      socket.setEncoding("utf8").on("data", (chunk: string) => {
        answer += chunk;
        answeredAt ||= Date.now();
        resolve();
      }),
    );
    const closed = new Promise<number>((resolve) => socket.once("close", () => resolve(Date.now())));
    socket.write("POST /v1/callbacks/logs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
    const piece = " ".repeat(64 * 1024);
    const chunk = `${piece.length.toString(16)}\r\n${piece}\r\n`;
    // Writes as fast as the connection takes it, until it is closed (at most 6 s).
    const writing = (async () => {
      const deadline = Date.now() + 6000;
      let written = 0;
      while (!socket.destroyed && Date.now() < deadline) {
        written += piece.length;
        if (!socket.write(chunk)) await new Promise((resolve) => (socket.once("drain", resolve), socket.once("close", resolve)));
      }
      return written;
    })();

    await within(answered, 5000, "the 413");
    const cpuAtAnswer = cpuMs(proc.child.pid!);
    const closedAt = await within(closed, 3000, "the connection to be closed after the 413");
    const written = await writing;
    // CPU over the second after the answer, while the client went on writing until the close.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, answeredAt + 1000 - Date.now())));
    const cpuAfter = cpuMs(proc.child.pid!) - cpuAtAnswer;

    const sent = payloads(10, "after-endless");
    expect((await post(proc.logsUrl, sent)).status).toBe(200);
    await endpoint.waitForDelivered(idsOf(sent));
    proc.kill("SIGTERM");
    const exit = await proc.waitForExit(10_000);
    const a = account({ sent: idsOf(sent), server: endpoint });
    recordAccounting(a, {
      scenario: "23 endless chunked body (max_body_bytes 1 MB), then 10 events",
      requests: endpoint.requests.length,
      notes: `413, closed ${closedAt - answeredAt} ms after it; client wrote ${(written / 1e6).toFixed(1)} MB; CPU ${cpuAfter} ms in the second after; exit ${exit.code}`,
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toMatch(/connection: close/i);
    expect(closedAt - answeredAt).toBeLessThan(2000);
    expect(cpuAfter).toBeLessThan(400);
    expectIdentity(a);
    expect(endpoint.requests.flatMap((r) => r.ids)).toEqual(idsOf(sent));
    expect(exit.code, exit.stderr).toBe(0);
  });
});
