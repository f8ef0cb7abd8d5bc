/**
 * Fault 15: a few huge events while the endpoint holds every request. Before the fix the queue
 * was bounded by event count only (50,000 by default), so a handful of 30 MB events could
 * exhaust memory. Now max_queue_bytes (128 MiB by default) bounds the bytes held, with the same
 * full policies as max_queue_events: drop_oldest, drop_newest, block.
 */
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { parseSummary } from "../support/summary-table.js";
import { createGate, waitFor } from "../support/wait-for.js";
import { account, expectIdentity } from "./support/accounting.js";
import { recordAccounting, useFigures } from "./support/figures.js";
import { faultServer, getText, idsOf, metricValue, payloads, post, runProcess, tempDir, writeConfig, type Settings } from "./support/harness.js";

const cleanup = useCleanup();
useFigures();

const MiB = 1024 * 1024;
const DEFAULT_BOUND = 128 * MiB;

/** A `hookline run` whose endpoint holds every request until the gate opens. */
async function heldRun(settings: Settings) {
  const gate = createGate();
  cleanup(() => gate.release());
  const server = await faultServer(cleanup, { respond: () => (gate.released ? undefined : { gate: gate.promise }) });
  const dir = await tempDir(cleanup);
  const config = await writeConfig(dir, `${server.url}/logs`, { batch_size: 1, flush_interval: 0.01, max_concurrency: 1, ...settings });
  const proc = await runProcess(cleanup, config);
  const queueBytes = async (): Promise<number> => metricValue(await getText(proc.url, "/metrics"), "hookline_queue_bytes", { callback: "api" }) ?? Number.NaN;
  return { gate, server, proc, queueBytes };
}

describe("fault 15: a few huge events, endpoint holding every request", () => {
  it(
    "default bound (128 MiB), drop_oldest: six 30 MB events; the bytes held never pass it, 2 oldest queued dropped and counted",
    async () => {
      const { gate, server, proc, queueBytes } = await heldRun({});
      const sent = payloads(6, "huge", 30 * MiB);
      let maxHeld = 0;
      for (const p of sent) {
        expect((await post(proc.logsUrl, [p])).status).toBe(200);
        maxHeld = Math.max(maxHeld, await queueBytes());
      }
      await waitFor(() => server.requests.length >= 1, { what: "the first request to be held" });
      const held = await queueBytes();
      gate.release();
      await server.waitForDelivered([idsOf(sent)[0]!, idsOf(sent)[5]!], 20_000);
      proc.kill("SIGTERM");
      const exit = await proc.waitForExit(20_000);
      const summary = parseSummary(exit.stderr)["api"]!;
      const a = account({ sent: idsOf(sent), server, dropped: summary["dropped"]! });
      recordAccounting(a, {
        scenario: "15 default max_queue_bytes (128 MiB), 6 x 30 MB events, held endpoint (hookline run)",
        requests: server.requests.length,
        notes: `max bytes held ${(maxHeld / MiB).toFixed(1)} MiB; held while gated ${(held / MiB).toFixed(1)} MiB; exit ${exit.code}`,
      });
      expect(maxHeld).toBeLessThanOrEqual(DEFAULT_BOUND);
      // Four 30 MB events fit under 128 MiB (one in flight, three queued); the fifth and sixth
      // each dropped the oldest queued one.
      expect(held).toBe(4 * 30 * MiB);
      expect(summary).toMatchObject({ received: 6, sent: 4, dropped: 2, failed: 0 });
      expect([...a.deliveredIds].sort()).toEqual(["huge-0", "huge-3", "huge-4", "huge-5"]);
      expect(exit.stderr).toMatch(/warning: callback api: 1 event\(s\) dropped: queue full/);
      expectIdentity(a);
      expect(exit.code).toBe(1);
    },
    60_000,
  );

  it("max_queue_bytes 3 MB, drop_newest: five 1 MB events; the newest that do not fit are dropped and counted", async () => {
    const { gate, server, proc, queueBytes } = await heldRun({ max_queue_bytes: 3 * MiB, queue_full_policy: "drop_newest" });
    const sent = payloads(5, "newest", MiB - 100);
    let maxHeld = 0;
    for (const p of sent) {
      expect((await post(proc.logsUrl, [p])).status).toBe(200);
      maxHeld = Math.max(maxHeld, await queueBytes());
    }
    gate.release();
    await server.waitForDelivered(idsOf(sent).slice(0, 3), 10_000);
    proc.kill("SIGTERM");
    const exit = await proc.waitForExit(10_000);
    const summary = parseSummary(exit.stderr)["api"]!;
    const a = account({ sent: idsOf(sent), server, dropped: summary["dropped"]! });
    recordAccounting(a, {
      scenario: "15 max_queue_bytes 3 MB, drop_newest, 5 x 1 MB (hookline run)",
      requests: server.requests.length,
      notes: `max bytes held ${(maxHeld / MiB).toFixed(2)} MiB; exit ${exit.code}`,
    });
    expect(maxHeld).toBeLessThanOrEqual(3 * MiB);
    expect(summary).toMatchObject({ received: 5, sent: 3, dropped: 2 });
    expect([...a.deliveredIds].sort()).toEqual(["newest-0", "newest-1", "newest-2"]);
    expectIdentity(a);
  });

  it("max_queue_bytes 3 MB, block: a POST the bytes do not fit is answered 503 + Retry-After and nothing is taken", async () => {
    const { gate, server, proc, queueBytes } = await heldRun({ max_queue_bytes: 3 * MiB, queue_full_policy: "block" });
    const sent = payloads(4, "block", MiB - 100);
    const statuses: number[] = [];
    for (const p of sent.slice(0, 3)) statuses.push((await post(proc.logsUrl, [p])).status);
    const refused = await post(proc.logsUrl, [sent[3]]);
    const maxHeld = await queueBytes();
    gate.release();
    await server.waitForDelivered(idsOf(sent).slice(0, 3), 10_000);
    // The client (a LiteLLM proxy) retries the refused POST; now there is room.
    const retried = await post(proc.logsUrl, [sent[3]]);
    await server.waitForDelivered(idsOf(sent), 10_000);
    proc.kill("SIGTERM");
    const exit = await proc.waitForExit(10_000);
    const summary = parseSummary(exit.stderr)["api"]!;
    const a = account({ sent: idsOf(sent), server, dropped: summary["dropped"]! });
    recordAccounting(a, {
      scenario: "15 max_queue_bytes 3 MB, block, 4 x 1 MB (hookline run)",
      requests: server.requests.length,
      notes: `POSTs ${[...statuses, refused.status, retried.status].join(",")}; Retry-After ${refused.retryAfter}; exit ${exit.code}`,
    });
    expect(statuses).toEqual([200, 200, 200]);
    expect(refused.status).toBe(503);
    expect(refused.retryAfter).not.toBeNull();
    expect(retried.status).toBe(200);
    expect(maxHeld).toBeLessThanOrEqual(3 * MiB);
    expect(summary).toMatchObject({ received: 4, sent: 4, dropped: 0 });
    expectIdentity(a);
    expect(exit.code).toBe(0);
  });
});
