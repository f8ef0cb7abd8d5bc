/**
 * Fault 5: the endpoint reads the whole body and then resets the connection instead of
 * answering (for the first K requests). The batches are retried and everything is delivered;
 * ids that reached the endpoint twice are exactly those of the reset requests (the endpoint may
 * have kept them: at-least-once), and no id is acknowledged twice.
 */
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { within } from "../support/wait-for.js";
import { account, droppedSum, expectIdentity } from "./support/accounting.js";
import { recordAccounting, useFigures } from "./support/figures.js";
import { FAST_RETRIES, faultServer, idsOf, inProcess, payloads } from "./support/harness.js";

const cleanup = useCleanup();
useFigures();

describe("fault 5: connection reset mid-response", () => {
  for (const format of ["json_array", "ndjson"] as const) {
    it(`${format}: the first 3 requests are reset after their body was read: retried, all delivered, duplicates only from reset batches`, async () => {
      const K = 3;
      let seen = 0;
      const server = await faultServer(cleanup, { respond: () => (seen++ < K ? { reset: true, delayMs: 5 } : { delayMs: 5 }) });
      const built = await inProcess(cleanup, `${server.url}/logs`, {
        ...FAST_RETRIES,
        max_retries: 10,
        max_concurrency: 4,
        batch_size: 20,
        flush_interval: 0.02,
        log_format: format,
      });
      const sent = payloads(200, `reset-${format}`);
      for (const p of sent) built.pipeline.log(p);
      await within(built.pipeline.flush(), 10_000, "flush");

      const metrics = built.pipeline.metrics()[0]!;
      const a = account({ sent: idsOf(sent), server, dropped: droppedSum(metrics.dropped) });
      const resetIds = new Set(server.requests.filter((r) => r.outcome === "reset").flatMap((r) => r.ids));
      const arrivedTwice = [...server.arrivalCounts()].filter(([, n]) => n > 1).map(([id]) => id);
      recordAccounting(a, {
        scenario: `5 reset after body x${K} (${format})`,
        requests: server.requests.length,
        retries: metrics.retried,
        notes: `${server.requests.filter((r) => r.outcome === "reset").length} reset request(s) carrying ${resetIds.size} id(s); ${arrivedTwice.length} id(s) reached the endpoint twice; last error: ${metrics.lastError ?? "-"}`,
      });

      expectIdentity(a);
      expect(a.delivered).toBe(200);
      expect(a.duplicates).toBe(0);
      expect(server.requests.filter((r) => r.outcome === "reset")).toHaveLength(K);
      // Duplicates at the endpoint only for the reset batches, and each of those arrived again.
      expect(arrivedTwice.every((id) => resetIds.has(id))).toBe(true);
      expect(new Set(arrivedTwice)).toEqual(resetIds);
      expect(metrics.requests.error).toBe(K);
      expect(metrics.retried).toBe(resetIds.size);
    });
  }
});
