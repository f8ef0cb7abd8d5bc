/**
 * Fault 14: a 22 s outage with the DEFAULT retry settings, through a spawned `hookline run`
 * (real time). Before the fix, a batch gave up after its 5 retries (spent inside the outage)
 * and, with backoff grown towards 30 s, the first delivery after recovery came 4-13 s late.
 * Now retries last until max_retry_time (300 s) and the probe interval is capped at 5 s.
 */
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { parseSummary } from "../support/summary-table.js";
import { waitFor } from "../support/wait-for.js";
import { account, expectIdentity } from "./support/accounting.js";
import { recordAccounting, useFigures } from "./support/figures.js";
import { faultServer, idsOf, payloads, post, runProcess, tempDir, writeConfig } from "./support/harness.js";

const cleanup = useCleanup();
useFigures();

const OUTAGE_MS = 22_000;
/** The default max_retry_delay (5 s) plus slack for one request and a loaded machine. */
const RECOVERY_BOUND_MS = 6_000;

describe("fault 14: a 22 s outage with the default retry settings", () => {
  it(
    "nothing gives up; the first delivery after the endpoint is back comes within a few seconds",
    async () => {
      let upAt: number | undefined;
      const server = await faultServer(cleanup, {
        respond: (request) => {
          upAt ??= request.startedAt + OUTAGE_MS;
          return request.startedAt < upAt ? { status: 503 } : {};
        },
      });
      const dir = await tempDir(cleanup);
      // Only batching is set (so events leave at once); every retry setting is the default.
      const config = await writeConfig(dir, `${server.url}/logs`, { batch_size: 10, flush_interval: 0.1 });
      const proc = await runProcess(cleanup, config);
      const early = payloads(100, "long-outage");
      for (let i = 0; i < early.length; i += 20) expect((await post(proc.logsUrl, early.slice(i, i + 20))).status).toBe(200);
      // More events arrive in the middle of the outage.
      await waitFor(() => upAt !== undefined && Date.now() > upAt - OUTAGE_MS / 2, { timeoutMs: OUTAGE_MS, intervalMs: 50, what: "the middle of the outage" });
      const late = payloads(20, "long-outage-late");
      expect((await post(proc.logsUrl, late)).status).toBe(200);
      const sent = [...early, ...late];
      await server.waitForDelivered(idsOf(sent), OUTAGE_MS + 20_000);

      const refused = server.requests.filter((r) => r.outcome === 503);
      const firstOk = server.requests.find((r) => r.outcome === 200)!;
      const recoveryMs = firstOk.startedAt - upAt!;
      proc.kill("SIGTERM");
      const exit = await proc.waitForExit(10_000);
      const summary = parseSummary(exit.stderr)["api"]!;
      const a = account({ sent: idsOf(sent), server, dropped: summary["dropped"]! });
      recordAccounting(a, {
        scenario: "14 22 s outage, default retry settings (hookline run)",
        requests: server.requests.length,
        retries: summary["retried"],
        notes: `${refused.length} x 503 (one probe at a time); first 2xx ${recoveryMs} ms after the endpoint was back (bound ${RECOVERY_BOUND_MS}); exit ${exit.code}`,
      });

      expect(exit.code, exit.stderr).toBe(0);
      expect(summary).toMatchObject({ received: 120, sent: 120, failed: 0, dropped: 0 });
      expectIdentity(a);
      expect(a.delivered).toBe(120);
      expect(a.duplicates).toBe(0);
      // The outage lasted: the probes went on past the point where 5 retries used to give up.
      expect(refused.at(-1)!.startedAt - refused[0]!.startedAt).toBeGreaterThan(OUTAGE_MS - 6_000);
      expect(recoveryMs).toBeGreaterThanOrEqual(0);
      expect(recoveryMs).toBeLessThan(RECOVERY_BOUND_MS);
    },
    OUTAGE_MS + 40_000,
  );
});
