/**
 * Fault 10: SIGTERM with a short drain deadline (`--drain-timeout 0.5`) while the endpoint holds
 * every request. The process exits 1 within a bounded time, stderr says how many events were
 * not delivered and where they went, and they are really there: in the dead-letter file, or in
 * the spool, from which a restart delivers them.
 */
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { parseSummary } from "../support/summary-table.js";
import { createGate, waitFor } from "../support/wait-for.js";
import { account, expectIdentity, readDeadLetters } from "./support/accounting.js";
import { recordAccounting, useFigures } from "./support/figures.js";
import { deadLetterPath, FAST_RETRIES, faultServer, idsOf, payloads, post, runProcess, tempDir, writeConfig } from "./support/harness.js";

const cleanup = useCleanup();
useFigures();

const SETTINGS = { ...FAST_RETRIES, max_retries: 5, timeout: 30, batch_size: 10, flush_interval: 0.02, max_concurrency: 2 };

describe("fault 10: SIGTERM with a short drain deadline while the endpoint holds every request", () => {
  it("with dead_letter_path: exits 1, says how many were not delivered, and the dead-letter file has exactly those", async () => {
    const gate = createGate();
    cleanup(() => gate.release());
    const server = await faultServer(cleanup, { respond: () => ({ gate: gate.promise }) });
    const dir = await tempDir(cleanup);
    const dead = deadLetterPath(dir);
    const config = await writeConfig(dir, `${server.url}/logs`, { ...SETTINGS, dead_letter_path: dead });
    const proc = await runProcess(cleanup, config, { extraArgs: ["--drain-timeout", "0.5"] });
    const sent = payloads(45, "drain-dl");
    for (let i = 0; i < sent.length; i += 15) expect((await post(proc.logsUrl, sent.slice(i, i + 15))).status).toBe(200);
    await waitFor(() => server.requests.length >= 2, { what: "two held requests" });

    const stopAt = Date.now();
    proc.kill("SIGTERM");
    const exit = await proc.waitForExit(8000);
    const took = Date.now() - stopAt;
    const letters = await readDeadLetters(dead);
    const summary = parseSummary(exit.stderr)["api"] ?? {};
    const a = account({ sent: idsOf(sent), server, deadLettered: letters.map((l) => l.id), dropped: summary["dropped"] ?? 0 });
    const message = /drain timeout: callback api: (\d+) event\(s\) not delivered in time, (.*)$/m.exec(exit.stderr);
    recordAccounting(a, {
      scenario: "10a SIGTERM, --drain-timeout 0.5, held endpoint, dead_letter_path",
      requests: server.requests.length,
      retries: summary["retried"],
      notes: `exit ${exit.code} after ${took} ms; stderr: "${message?.[0] ?? "(no drain message)"}"`,
    });

    expect(exit.code).toBe(1);
    expect(took).toBeLessThan(5000);
    expect(message, exit.stderr).not.toBeNull();
    expect(Number(message![1])).toBe(45);
    expect(message![2]).toBe("written to the dead letters");
    expectIdentity(a);
    expect(a.deadLettered).toBe(45);
    expect(new Set(letters.map((l) => l.id))).toEqual(new Set(idsOf(sent)));
    expect(letters.every((l) => /shutdown deadline of 500 ms passed/.test(l.reason))).toBe(true);
    expect(summary["failed"]).toBe(45);
    expect(summary["dead-lettered"]).toBe(45);
  });

  it("with spool_path: exits 1, says they are left in the spool, and a restart delivers them", async () => {
    let gate = createGate();
    cleanup(() => gate.release());
    const server = await faultServer(cleanup, { respond: () => ({ gate: gate.promise }) });
    const dir = await tempDir(cleanup);
    const config = await writeConfig(dir, `${server.url}/logs`, { ...SETTINGS, spool_path: "spool" });
    const proc = await runProcess(cleanup, config, { extraArgs: ["--drain-timeout", "0.5"] });
    const sent = payloads(45, "drain-spool");
    for (let i = 0; i < sent.length; i += 15) expect((await post(proc.logsUrl, sent.slice(i, i + 15))).status).toBe(200);
    await waitFor(() => server.requests.length >= 2, { what: "two held requests" });

    const stopAt = Date.now();
    proc.kill("SIGTERM");
    const exit = await proc.waitForExit(8000);
    const took = Date.now() - stopAt;
    const message = /drain timeout: callback api: (\d+) event\(s\) not delivered in time, (.*)$/m.exec(exit.stderr);
    const firstSummary = parseSummary(exit.stderr)["api"] ?? {};
    expect(exit.code).toBe(1);
    expect(took).toBeLessThan(5000);
    expect(message, exit.stderr).not.toBeNull();
    expect(Number(message![1])).toBe(45);
    expect(message![2]).toBe("left in the spool for the next start");
    // Nothing was acknowledged: the held requests never got an answer.
    expect(server.deliveredCounts().size).toBe(0);

    // The endpoint answers again; the restart sends what the spool kept.
    gate.release();
    gate = createGate();
    gate.release();
    const second = await runProcess(cleanup, config);
    await server.waitForDelivered(idsOf(sent), 10_000);
    second.kill("SIGTERM");
    const secondExit = await second.waitForExit(10_000);
    const summary = parseSummary(secondExit.stderr)["api"] ?? {};
    const a = account({ sent: idsOf(sent), server, dropped: (summary["dropped"] ?? 0) + (firstSummary["dropped"] ?? 0) });
    recordAccounting(a, {
      scenario: "10b SIGTERM, --drain-timeout 0.5, held endpoint, spool_path; restart",
      requests: server.requests.length,
      retries: (firstSummary["retried"] ?? 0) + (summary["retried"] ?? 0),
      notes: `first exit ${exit.code} after ${took} ms: "${message?.[0]}"; restart exit ${secondExit.code}`,
    });
    expectIdentity(a);
    expect(a.delivered).toBe(45);
    expect(secondExit.code, secondExit.stderr).toBe(0);
  });
});
