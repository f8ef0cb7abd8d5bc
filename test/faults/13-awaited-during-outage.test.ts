/**
 * Fault 13: the process must stay alive while a flush or shutdown is awaited and a retry is
 * pending. Idle timers are unref'd; before the fix, a library script ending with
 * `await pipeline.flush()` during an outage exited (status 13 for ESM, 0 for CommonJS) before
 * the promise settled, and `hookline replay` exited 0 after the first attempt with no summary,
 * the events gone.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { parseSummary } from "../support/summary-table.js";
import { account, droppedSum, expectIdentity, readDeadLetters } from "./support/accounting.js";
import { recordAccounting, useFigures } from "./support/figures.js";
import { FAST_RETRIES, deadLetterPath, faultServer, idsOf, payloads, spawnProcess, tempDir, writeConfig, type Cleanup } from "./support/harness.js";
import type { FaultScript } from "./support/fault-server.js";
import { runScript } from "./support/node-script.js";

const cleanup = useCleanup();
useFigures();

const OUTAGE_MS = 1500;

/** 503 until OUTAGE_MS after the first request, then 200. */
function outageThenUp(): FaultScript {
  let first: number | undefined;
  return (request) => {
    first ??= request.startedAt;
    return request.startedAt - first < OUTAGE_MS ? { status: 503 } : {};
  };
}

const libraryIds = (n: number): string[] => Array.from({ length: n }, (_, i) => `lib-${i}`);

async function libraryScenario(cleanupTask: Cleanup, script: string, awaited: "flush" | "shutdown"): Promise<void> {
  const server = await faultServer(cleanupTask, { respond: outageThenUp() });
  const run = await runScript(cleanupTask, script, { HOOKLINE_URL: `${server.url}/logs`, HOOKLINE_AWAIT: awaited, HOOKLINE_EVENTS: "20" });
  const result = run.result;
  const a = account({ sent: libraryIds(20), server, dropped: result ? droppedSum(result["dropped"] as Record<string, number>) : 0 });
  recordAccounting(a, {
    scenario: `13 ${script}: await ${awaited}() during a ${OUTAGE_MS} ms outage`,
    requests: server.requests.length,
    retries: result?.["retried"] as number | undefined,
    notes: `exit ${run.code}; ${server.requests.filter((r) => r.outcome === 503).length} x 503`,
  });
  expect(run.code, `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`).toBe(0);
  expect(result).toMatchObject({ awaited, received: 20, sent: 20, failed: 0 });
  // The outage was really seen, and retried through.
  expect(server.requests.filter((r) => r.outcome === 503).length).toBeGreaterThan(0);
  expectIdentity(a);
  expect(a.delivered).toBe(20);
}

describe("fault 13: a flush or shutdown awaited during an outage keeps the process alive", () => {
  for (const script of ["await-during-outage.mjs", "await-during-outage.cjs"]) {
    for (const awaited of ["flush", "shutdown"] as const) {
      it(`${script}: await pipeline.${awaited}() with retries pending: all 20 delivered, the script prints and exits 0`, async () => {
        await libraryScenario(cleanup, script, awaited);
      });
    }
  }

  it("hookline replay against 503-then-200: waits out the outage, prints the summary, exits 0, all delivered", async () => {
    const server = await faultServer(cleanup, { respond: outageThenUp() });
    const dir = await tempDir(cleanup);
    const config = await writeConfig(dir, `${server.url}/logs`, { ...FAST_RETRIES, max_retry_delay: 0.4, batch_size: 5 });
    const sent = payloads(20, "replay-outage");
    const file = join(dir.path, "events.ndjson");
    await writeFile(file, sent.map((p) => JSON.stringify(p)).join("\n") + "\n");
    const exit = await spawnProcess(cleanup, ["replay", file, "--config", config]).waitForExit(15_000);
    const summary = parseSummary(exit.stdout)["api"];
    const a = account({ sent: idsOf(sent), server, dropped: summary?.["dropped"] ?? 0 });
    recordAccounting(a, {
      scenario: `13 hookline replay, 503 for ${OUTAGE_MS} ms then 200`,
      requests: server.requests.length,
      retries: summary?.["retried"],
      notes: `exit ${exit.code}`,
    });
    expect(exit.code, `stdout:\n${exit.stdout}\nstderr:\n${exit.stderr}`).toBe(0);
    expect(exit.stdout).toContain("replayed 20 event(s) from 20 line(s)");
    expect(summary).toMatchObject({ received: 20, sent: 20, failed: 0, dropped: 0 });
    expect(server.requests.filter((r) => r.outcome === 503).length).toBeGreaterThan(0);
    expectIdentity(a);
    expect(a.delivered).toBe(20);
  });

  it("hookline replay against a permanent 500 (max_retry_time 1): exits 1 after retrying, says what failed, dead-letters all 20", async () => {
    const server = await faultServer(cleanup, { respond: () => ({ status: 500, body: "internal trouble" }) });
    const dir = await tempDir(cleanup);
    const dead = deadLetterPath(dir);
    const config = await writeConfig(dir, `${server.url}/logs`, { ...FAST_RETRIES, max_retry_time: 1, batch_size: 5, dead_letter_path: dead });
    const sent = payloads(20, "replay-500");
    const file = join(dir.path, "events.ndjson");
    await writeFile(file, sent.map((p) => JSON.stringify(p)).join("\n") + "\n");
    const started = Date.now();
    const exit = await spawnProcess(cleanup, ["replay", file, "--config", config]).waitForExit(15_000);
    const elapsed = Date.now() - started;
    const summary = parseSummary(exit.stdout)["api"];
    const letters = await readDeadLetters(dead);
    const a = account({ sent: idsOf(sent), server, deadLettered: letters.map((l) => l.id), dropped: summary?.["dropped"] ?? 0 });
    recordAccounting(a, {
      scenario: "13 hookline replay, permanent 500, max_retry_time 1",
      requests: server.requests.length,
      retries: summary?.["retried"],
      notes: `exit ${exit.code} after ${elapsed} ms; ${exit.stderr.split("\n").find((l) => l.startsWith("callback api:")) ?? "no failure line"}`,
    });
    expect(exit.code, `stdout:\n${exit.stdout}\nstderr:\n${exit.stderr}`).toBe(1);
    expect(exit.stdout).toContain("replayed 20 event(s) from 20 line(s)");
    expect(summary).toMatchObject({ received: 20, sent: 0, failed: 20, "dead-lettered": 20 });
    // It retried for about max_retry_time, not one attempt.
    expect(server.requests.length).toBeGreaterThan(4);
    expect(exit.stderr).toMatch(/^callback api: 20 failed \(20 written to the dead letters\); last error: gave up after \d+ ms: POST http:\/\/127\.0\.0\.1:\d+\/logs responded 500/m);
    expect(letters.every((l) => l.status === 500 && l.reason.includes("responded 500"))).toBe(true);
    expectIdentity(a);
    expect(a.deadLettered).toBe(20);
  });
});
