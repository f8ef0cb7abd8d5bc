/**
 * Fault 30: the spool's disk is full (a real tmpfs the test mounts and fills). A write that
 * fails is a failure: the receiver answers 503 + Retry-After for the bodies whose events could
 * not be made durable (so the sender keeps them), the failure is counted (/metrics, summary)
 * and warned, and the exit status says so. A write the disk cut short leaves no half record
 * behind: a kill -9 and a restart find the spool intact. In process (a spawned script), log()
 * goes on in memory, and shutdown's report says how many events were not made durable.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { parseSummary } from "../support/summary-table.js";
import { waitFor } from "../support/wait-for.js";
import { account, expectIdentity } from "./support/accounting.js";
import { recordAccounting, recordFigures, useFigures } from "./support/figures.js";
import { reservePort } from "./support/fault-server.js";
import { FAST_RETRIES, faultServer, getText, idsOf, metricValue, payloads, post, runProcess, spawnProcess, tempDir, writeConfig } from "./support/harness.js";
import { runNodeScript, scriptResult } from "./support/inline-script.js";
import { mountTmpfs, tmpfsSupport } from "./support/tmpfs.js";

const cleanup = useCleanup();
useFigures();
const NO_TMPFS = await tmpfsSupport();

/** POSTs until answered 200 (as LiteLLM keeps a batch it got a 503 for), bounded. */
async function postUntilAccepted(logsUrl: string, body: readonly unknown[], timeoutMs = 10_000): Promise<number> {
  let attempts = 0;
  await waitFor(async () => (attempts++, (await post(logsUrl, body)).status === 200), { timeoutMs, intervalMs: 100, what: "a 200 for the body" });
  return attempts;
}

describe.skipIf(NO_TMPFS !== undefined)("fault 30: the spool's disk is full", () => {
  it("hookline run answers 503 + Retry-After for bodies it could not make durable, counts and reports them, exits 1; after space is freed the sender's retries are taken", async () => {
    const tmpfs = await mountTmpfs(cleanup, 512 * 1024);
    const server = await faultServer(cleanup);
    const dir = await tempDir(cleanup);
    const config = await writeConfig(dir, `${server.url}/logs`, { ...FAST_RETRIES, batch_size: 10, flush_interval: 0.02, spool_path: join(tmpfs.path, "spool") });
    const proc = await runProcess(cleanup, config);
    const [first, second, third] = [0, 1, 2].map((i) => payloads(10, `full-${i}`, 2000)) as [ReturnType<typeof payloads>, ReturnType<typeof payloads>, ReturnType<typeof payloads>];

    expect((await post(proc.logsUrl, first)).status).toBe(200);
    await tmpfs.fill();
    const failed = await post(proc.logsUrl, second);
    expect(failed.status).toBe(503);
    expect(failed.retryAfter).toBe("1");
    expect(JSON.stringify(failed.json)).toMatch(/spool .* could not write \(ENOSPC\).*not made durable/);
    // While the spool is failing, bodies are refused before they are taken (no duplicates later).
    const refused = await post(proc.logsUrl, third);
    expect(refused.status).toBe(503);
    expect(JSON.stringify(refused.json)).toContain("cannot write its spool (ENOSPC)");
    const metrics = await getText(proc.url, "/metrics");
    expect(metricValue(metrics, "hookline_spool_write_failures_total", { callback: "api" })).toBe(10);
    expect(metricValue(metrics, "hookline_receiver_bodies_total", { result: "storage_failed" })).toBe(2);
    await waitFor(() => /warning: .*spool .*cannot write \(ENOSPC\)/.test(proc.stderr), { what: "the warning" });

    await tmpfs.unfill();
    const retries = (await postUntilAccepted(proc.logsUrl, second)) + (await postUntilAccepted(proc.logsUrl, third));
    const sent = [...first, ...second, ...third];
    await server.waitForDelivered(idsOf(sent));
    proc.kill("SIGTERM");
    const exit = await proc.waitForExit(10_000);
    const summary = parseSummary(exit.stderr)["api"] ?? {};

    const a = account({ sent: idsOf(sent), server, dropped: summary["dropped"] ?? 0 });
    recordAccounting(a, {
      scenario: "30a spool on a full tmpfs (hookline run), space freed, sender retries",
      requests: server.requests.length,
      retries: summary["retried"],
      notes: `503 for the body that failed to sync and the one after (refused up front); spool-errors ${summary["spool-errors"]}; ${retries} POST(s) until both were taken; exit ${exit.code}`,
    });
    expectIdentity(a);
    expect(exit.code, exit.stderr).toBe(1);
    expect(summary["spool-errors"]).toBe(10);
    expect(exit.stderr).toContain("callback api: 10 event(s) could not be written to the spool (ENOSPC): they were held in memory only, and the bodies carrying them were answered 503");
    // Only the body that was pushed and then failed to sync can arrive twice (from memory, then the retry).
    expect(a.duplicateIds.every((id) => id.startsWith("full-1-"))).toBe(true);
  });

  it("a write the full disk cut short is cut off the segment: kill -9 and a restart find the spool intact and deliver every acknowledged event", async () => {
    const tmpfs = await mountTmpfs(cleanup, 512 * 1024);
    const port = await reservePort(); // the endpoint is down during the first run
    const dir = await tempDir(cleanup);
    const config = await writeConfig(dir, `http://127.0.0.1:${port}/logs`, { ...FAST_RETRIES, max_retries: 1000, max_retry_time: 0, batch_size: 10, flush_interval: 0.02, spool_path: join(tmpfs.path, "spool") });
    const proc = await runProcess(cleanup, config);
    const acknowledged = payloads(10, "before", 2000);
    expect((await post(proc.logsUrl, acknowledged)).status).toBe(200);
    await tmpfs.fill(8 * 1024); // two pages free: the next 20 KB write goes in part, then fails
    const cut = payloads(10, "cut", 2000);
    expect((await post(proc.logsUrl, cut)).status).toBe(503);
    proc.kill("SIGKILL");
    await proc.waitForExit(5000);

    await tmpfs.unfill();
    const server = await faultServer(cleanup, { port });
    const restarted = await runProcess(cleanup, config);
    await server.waitForDelivered(idsOf(acknowledged));
    restarted.kill("SIGTERM");
    const exit = await restarted.waitForExit(10_000);
    expect(exit.stderr).not.toMatch(/event\(s\) lost/);
    const summary = parseSummary(exit.stderr)["api"] ?? {};
    // "cut" was never acknowledged: its sender still has it. Nothing of it may be half-delivered.
    const delivered = [...server.deliveredCounts().keys()];
    expect(delivered.filter((id) => id.startsWith("cut-"))).toEqual([]);
    const a = account({ sent: idsOf(acknowledged), server, dropped: summary["dropped"] ?? 0 });
    recordAccounting(a, {
      scenario: "30b write cut short by a full tmpfs, kill -9, restart",
      requests: server.requests.length,
      notes: `the 503'd body (10 events, never acknowledged) left nothing in the spool; restart exit ${exit.code}, no damage reported`,
    });
    expectIdentity(a);
    expect(exit.code, exit.stderr).toBe(0);
  });

  it("hookline replay with the spool on a full tmpfs: goes on in memory, delivers every event, says how many were not made durable, exit 1", async () => {
    const tmpfs = await mountTmpfs(cleanup, 256 * 1024);
    await tmpfs.fill();
    const server = await faultServer(cleanup, { respond: () => ({ delayMs: 300 }) });
    const dir = await tempDir(cleanup);
    const config = await writeConfig(dir, `${server.url}/logs`, { ...FAST_RETRIES, batch_size: 10, flush_interval: 0.02, spool_path: join(tmpfs.path, "spool") });
    const sent = payloads(40, "replay-full", 2000);
    const input = await dir.write("events.ndjson", sent.map((p) => JSON.stringify(p)).join("\n") + "\n");
    const exit = await spawnProcess(cleanup, ["replay", input, "--config", config]).waitForExit(20_000);
    const summary = parseSummary(exit.stdout)["api"] ?? {};
    const a = account({ sent: idsOf(sent), server, dropped: summary["dropped"] ?? 0 });
    recordAccounting(a, { scenario: "30c hookline replay, spool on a full tmpfs", requests: server.requests.length, notes: `spool-errors ${summary["spool-errors"]}; exit ${exit.code}` });
    expectIdentity(a);
    expect(summary).toMatchObject({ sent: 40, "spool-errors": 40 });
    expect(exit.stdout).toContain("callback api: 40 event(s) could not be written to the spool (ENOSPC): they were held in memory only (a crash would have lost them)");
    expect(exit.code, exit.stderr).toBe(1);
  });

  it("in process (a spawned script): log() goes on in memory, every event is delivered, and shutdown's report says how many were not made durable", async () => {
    const tmpfs = await mountTmpfs(cleanup, 256 * 1024);
    await tmpfs.fill();
    // Slow answers, so every event is still held when the first group commit (100 ms) tries the disk.
    const server = await faultServer(cleanup, { respond: () => ({ delayMs: 300 }) });
    const exit = await runNodeScript(
      cleanup,
      `
      import { createPipeline, Spool } from "@hookline/core";
      import { ndjson } from "@hookline/formatters";
      import { httpExporter } from "@hookline/exporters";
      const warnings = [];
      const pipeline = createPipeline({
        callbacks: [{
          name: "api", formatter: ndjson(), exporter: httpExporter({ url: ${JSON.stringify(`${server.url}/logs`)} }), batchSize: 10, flushIntervalMs: 20,
          spool: Spool.open(${JSON.stringify(join(tmpfs.path, "spool"))}, { onError: (m) => warnings.push(m) }),
        }],
      });
      for (let i = 0; i < 50; i++) pipeline.log({ id: "inproc-" + i, status: "success", messages: "x".repeat(2000) });
      let syncError;
      await pipeline.sync().catch((err) => (syncError = err.code + ": " + err.message));
      const report = await pipeline.shutdown({ deadlineMs: 10000 });
      console.log("RESULT " + JSON.stringify({ report, warnings, syncError }));
      `,
    );
    const { report, warnings, syncError } = scriptResult<{ report: { drained: boolean; unspooled: Record<string, number>; callbacks: { sent: number; spoolWriteFailures: number; spooled: number; storageError?: string }[] }; warnings: string[]; syncError?: string }>(exit);
    const m = report.callbacks[0]!;
    const sent = Array.from({ length: 50 }, (_, i) => `inproc-${i}`);
    const a = account({ sent, server, dropped: 0 });
    recordAccounting(a, {
      scenario: "30d log() with the spool on a full tmpfs (spawned script)",
      requests: server.requests.length,
      notes: `spoolWriteFailures ${m.spoolWriteFailures}, spooled ${m.spooled}, storageError ${m.storageError}; sync() rejected: ${syncError !== undefined}`,
    });
    expectIdentity(a);
    expect(exit.code, exit.stderr).toBe(0);
    expect(syncError).toMatch(/^ERR_STORAGE_FAILED: callback api: spool .* could not write \(ENOSPC\)/);
    expect(m).toMatchObject({ sent: 50, spoolWriteFailures: 50, spooled: 0, storageError: "ENOSPC" });
    expect(report.unspooled).toEqual({});
    expect(warnings.some((w) => /cannot write \(ENOSPC\): events are held in memory only/.test(w))).toBe(true);
  });

  it("in process: events not delivered by the shutdown deadline that the full disk kept out of the spool are reported lost, not 'left in the spool'", async () => {
    const tmpfs = await mountTmpfs(cleanup, 256 * 1024);
    await tmpfs.fill();
    const port = await reservePort(); // nothing listens: every attempt is refused
    const exit = await runNodeScript(
      cleanup,
      `
      import { createPipeline, Spool } from "@hookline/core";
      import { ndjson } from "@hookline/formatters";
      import { httpExporter } from "@hookline/exporters";
      const pipeline = createPipeline({
        callbacks: [{
          name: "api", formatter: ndjson(), exporter: httpExporter({ url: "http://127.0.0.1:${port}/logs" }), batchSize: 10, flushIntervalMs: 20,
          retry: { maxRetries: 1000, initialDelayMs: 10, maxDelayMs: 50, maxElapsedMs: 0 },
          spool: Spool.open(${JSON.stringify(join(tmpfs.path, "spool"))}),
        }],
      });
      for (let i = 0; i < 30; i++) pipeline.log({ id: "gone-" + i, status: "success", messages: "x".repeat(2000) });
      const report = await pipeline.shutdown({ deadlineMs: 300 });
      console.log("RESULT " + JSON.stringify(report));
      `,
    );
    const report = scriptResult<{ drained: boolean; abandoned: Record<string, { count: number; to: string }>; unspooled: Record<string, number>; callbacks: { spoolWriteFailures: number }[] }>(exit);
    // Nothing listens, so nothing is delivered: sent = 0 delivered + 0 dead-lettered + counted lost.
    recordFigures({
      scenario: "30e shutdown deadline with the spool on a full tmpfs (spawned script)",
      sent: 30,
      delivered: 0,
      duplicates: 0,
      deadLettered: 0,
      dropped: report.unspooled["api"] ?? 0,
      requests: 0,
      notes: `abandoned ${JSON.stringify(report.abandoned)}; counted as lost (unspooled) ${JSON.stringify(report.unspooled)}`,
    });
    expect(exit.code, exit.stderr).toBe(0);
    expect(report.drained).toBe(false);
    expect(report.abandoned).toEqual({ api: { count: 30, to: "spool" } });
    expect(report.unspooled).toEqual({ api: 30 });
    expect(report.callbacks[0]!.spoolWriteFailures).toBe(30);
  });
});
