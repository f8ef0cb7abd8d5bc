/**
 * Fault 7: the endpoint answers 400 to any body that contains one poison event. The batch is
 * bisected: only the poison event is dead-lettered, every other event is delivered once, and
 * the extra requests grow with log2(batch size), not with the batch size.
 */
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { within } from "../support/wait-for.js";
import { account, droppedSum, expectIdentity, readDeadLetters } from "./support/accounting.js";
import { recordAccounting, useFigures } from "./support/figures.js";
import { deadLetterPath, FAST_RETRIES, faultServer, idsOf, inProcess, payload, payloads, tempDir } from "./support/harness.js";

const cleanup = useCleanup();
useFigures();

const MARKER = "poison-7f3a";

describe("fault 7: 400 for one poison event in a batch", () => {
  for (const n of [64, 200]) {
    it(`batch of ${n} with one poison event: only it is dead-lettered; O(log n) extra requests`, async () => {
      const dir = await tempDir(cleanup);
      const dead = deadLetterPath(dir);
      const server = await faultServer(cleanup, {
        respond: (r) => (r.text.includes(MARKER) ? { status: 400, headers: { "content-type": "text/plain" }, body: `rejected ${MARKER}` } : undefined),
      });
      const built = await inProcess(cleanup, `${server.url}/logs`, {
        ...FAST_RETRIES,
        max_retries: 3,
        batch_size: n,
        flush_interval: 5,
        dead_letter_path: dead,
      });
      const sent = payloads(n - 1, `p${n}`);
      sent.splice(Math.floor(n * 0.37), 0, payload(MARKER));
      for (const p of sent) built.pipeline.log(p);
      await within(built.pipeline.flush(), 10_000, "flush");
      const report = await within(built.pipeline.shutdown({ deadlineMs: 5000 }), 6000, "shutdown");

      const metrics = report.callbacks[0]!;
      const letters = await readDeadLetters(dead);
      const a = account({ sent: idsOf(sent), server, deadLettered: letters.map((l) => l.id), dropped: droppedSum(metrics.dropped) });
      const log2 = Math.ceil(Math.log2(n));
      const bound = 1 + 2 * log2;
      recordAccounting(a, {
        scenario: `7 poison event in a batch of ${n}`,
        requests: server.requests.length,
        retries: metrics.retried,
        notes: `${server.requests.filter((r) => r.outcome === 400).length} x 400; bound 1 + 2*ceil(log2 n) = ${bound}; reason: ${letters[0]?.reason ?? "-"}`,
      });

      expectIdentity(a);
      expect(letters.map((l) => l.id)).toEqual([MARKER]);
      expect(letters[0]!.status).toBe(400);
      expect(letters[0]!.reason).toContain("400");
      expect(a.delivered).toBe(n - 1);
      expect(a.duplicates).toBe(0);
      // One request for the batch, then two per halving until the poison event is alone.
      expect(server.requests.length).toBeLessThanOrEqual(bound);
      expect(server.requests.filter((r) => r.outcome === 400).length).toBeLessThanOrEqual(log2 + 1);
      expect(metrics.requests.error).toBe(0);
    });
  }
});
