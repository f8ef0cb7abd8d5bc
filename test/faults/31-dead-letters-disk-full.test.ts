/**
 * Fault 31: the dead letters' disk is full (a tmpfs the test mounts). Every failed event is
 * either really in the file (whole lines only: a record the disk took half of is cut off) or
 * counted as not written, per callback, in the summary, /metrics and the exit status; the CLI
 * never says "in the dead letters" of events that are not. With a spool, the events the dead
 * letters could not take stay in the spool and are sent at the next start.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { parseSummary } from "../support/summary-table.js";
import { waitFor } from "../support/wait-for.js";
import { account, expectIdentity, readDeadLetters } from "./support/accounting.js";
import { recordAccounting, useFigures } from "./support/figures.js";
import { faultServer, getText, idsOf, metricValue, payloads, post, runProcess, spawnProcess, tempDir, writeConfig } from "./support/harness.js";
import { mountTmpfs, tmpfsSupport } from "./support/tmpfs.js";

const cleanup = useCleanup();
useFigures();
const NO_TMPFS = await tmpfsSupport();
// 403: refused for good, and not bisected (a 400 would be), so each batch is one request.
const REFUSE = () => ({ status: 403, body: '{"error":"refused"}' });

/** Every line of the file is a whole JSON record. */
async function wholeLines(path: string): Promise<number> {
  const text = await readFile(path, "utf8");
  expect(text === "" || text.endsWith("\n"), "the file ends with a whole line").toBe(true);
  const lines = text.split("\n").filter((line) => line !== "");
  for (const line of lines) expect(() => JSON.parse(line), line.slice(0, 80)).not.toThrow();
  return lines.length;
}

describe.skipIf(NO_TMPFS !== undefined)("fault 31: the dead letters' disk is full", () => {
  it("hookline replay of 1,000 refused events into a 128 KiB tmpfs: the summary says how many could not be written, the file holds exactly the rest, exit 1", async () => {
    const tmpfs = await mountTmpfs(cleanup, 128 * 1024);
    const server = await faultServer(cleanup, { respond: REFUSE });
    const dir = await tempDir(cleanup);
    const deadFile = join(tmpfs.path, "dead.ndjson");
    const config = await writeConfig(dir, `${server.url}/logs`, { max_retries: 0, batch_size: 100, flush_interval: 0.05, dead_letter_path: deadFile });
    const sent = payloads(1000, "dl-full", 200);
    const input = await dir.write("events.ndjson", sent.map((p) => JSON.stringify(p)).join("\n") + "\n");

    const exit = await spawnProcess(cleanup, ["replay", input, "--config", config]).waitForExit(20_000);
    const summary = parseSummary(exit.stdout)["api"] ?? {};
    const lines = await wholeLines(deadFile);
    const letters = await readDeadLetters(deadFile);
    const notWritten = summary["dead-letter-errors"] ?? 0;
    const a = account({ sent: idsOf(sent), server, deadLettered: letters.map((l) => l.id), dropped: (summary["dropped"] ?? 0) + notWritten });
    recordAccounting(a, {
      scenario: "31a replay, 1000 refused events, dead letters on a 128 KiB tmpfs",
      requests: server.requests.length,
      notes: `${lines} written, ${notWritten} counted as not written (ENOSPC, in "dropped"); exit ${exit.code}`,
    });
    expectIdentity(a);
    expect(exit.code, exit.stderr).toBe(1);
    expect(notWritten).toBeGreaterThan(0);
    expect(lines).toBeGreaterThan(0);
    expect(summary).toMatchObject({ failed: 1000, "dead-lettered": lines, "dead-letter-errors": 1000 - lines });
    expect(exit.stdout).toContain(`callback api: ${1000 - lines} of 1000 failed event(s) could not be written to the dead letters (ENOSPC); they are lost`);
    expect(exit.stdout).toContain(`callback api: ${lines} failed event(s) are in the dead letters (${deadFile})`);
    expect(`${exit.stdout}${exit.stderr}`).not.toMatch(/failed events are in the dead letters/);
  });

  it("hookline run: /metrics counts the failed writes per callback, the drain summary says so, exit 1", async () => {
    const tmpfs = await mountTmpfs(cleanup, 64 * 1024);
    await tmpfs.fill();
    const server = await faultServer(cleanup, { respond: REFUSE });
    const dir = await tempDir(cleanup);
    const deadFile = join(tmpfs.path, "dead.ndjson");
    const config = await writeConfig(dir, `${server.url}/logs`, { max_retries: 0, batch_size: 10, flush_interval: 0.02, dead_letter_path: deadFile });
    const proc = await runProcess(cleanup, config);
    const sent = payloads(40, "dl-run", 300);
    expect((await post(proc.logsUrl, sent)).status).toBe(200);
    await waitFor(async () => metricValue(await getText(proc.url, "/metrics"), "hookline_dead_letter_write_failures_total", { callback: "api" }) === 40, {
      what: "40 failed dead-letter writes on /metrics",
    });
    await waitFor(() => /warning: cannot write dead-letter file .*: ENOSPC/.test(proc.stderr), { what: "the warning" });
    proc.kill("SIGTERM");
    const exit = await proc.waitForExit(10_000);
    const summary = parseSummary(exit.stderr)["api"] ?? {};
    const letters = await readDeadLetters(deadFile);
    const a = account({ sent: idsOf(sent), server, deadLettered: letters.map((l) => l.id), dropped: (summary["dropped"] ?? 0) + (summary["dead-letter-errors"] ?? 0) });
    recordAccounting(a, { scenario: "31b hookline run, refused events, dead letters on a full tmpfs", requests: server.requests.length, notes: `dead-letter-errors ${summary["dead-letter-errors"]} (in "dropped"); exit ${exit.code}` });
    expectIdentity(a);
    expect(letters).toEqual([]);
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain("callback api: 40 of 40 failed event(s) could not be written to the dead letters (ENOSPC); they are lost");
    expect(exit.stderr).not.toContain("are in the dead letters");
  });

  it("with a spool, failed events the full dead letters could not take stay in the spool and are delivered after a restart", async () => {
    const tmpfs = await mountTmpfs(cleanup, 64 * 1024);
    await tmpfs.fill();
    const server = await faultServer(cleanup, { respond: REFUSE });
    const dir = await tempDir(cleanup);
    const deadFile = join(tmpfs.path, "dead.ndjson");
    const settings = { max_retries: 0, batch_size: 10, flush_interval: 0.02, dead_letter_path: deadFile, spool_path: join(dir.path, "spool") };
    const config = await writeConfig(dir, `${server.url}/logs`, settings);
    const first = await runProcess(cleanup, config);
    const sent = payloads(30, "dl-spool", 300);
    expect((await post(first.logsUrl, sent)).status).toBe(200);
    await waitFor(async () => metricValue(await getText(first.url, "/metrics"), "hookline_dead_letter_write_failures_total", { callback: "api" }) === 30, {
      what: "30 failed dead-letter writes",
    });
    first.kill("SIGTERM");
    const firstExit = await first.waitForExit(10_000);
    expect(firstExit.code).toBe(1);
    expect(firstExit.stderr).toContain("could not be written to the dead letters (ENOSPC); they stay in the spool and are sent again at the next start");

    server.respond(() => undefined); // the endpoint takes them now
    const second = await runProcess(cleanup, config);
    await server.waitForDelivered(idsOf(sent));
    second.kill("SIGTERM");
    const exit = await second.waitForExit(10_000);
    const a = account({ sent: idsOf(sent), server, deadLettered: (await readDeadLetters(deadFile)).map((l) => l.id), dropped: 0 });
    recordAccounting(a, { scenario: "31c dead letters on a full tmpfs, spool on another disk; restart", requests: server.requests.length, notes: `first run exit ${firstExit.code}; restart delivered all; exit ${exit.code}` });
    expectIdentity(a);
    expect(exit.code, exit.stderr).toBe(0);
  });
});
