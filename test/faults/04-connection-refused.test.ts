/**
 * Fault 4: nothing ever listens on the endpoint's port. After max_retries every event is in the
 * dead-letter file, with a reason that names ECONNREFUSED.
 */
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { within } from "../support/wait-for.js";
import { account, droppedSum, expectIdentity, readDeadLetters } from "./support/accounting.js";
import { recordAccounting, useFigures } from "./support/figures.js";
import { reservePort, startFaultServer } from "./support/fault-server.js";
import { deadLetterPath, FAST_RETRIES, idsOf, inProcess, payloads, tempDir } from "./support/harness.js";

const cleanup = useCleanup();
useFigures();

describe("fault 4: connection refused for good", () => {
  it("after max_retries everything is dead-lettered with a reason naming ECONNREFUSED", async () => {
    const dir = await tempDir(cleanup);
    const dead = deadLetterPath(dir);
    const port = await reservePort();
    const MAX_RETRIES = 3;
    const built = await inProcess(cleanup, `http://127.0.0.1:${port}/logs`, {
      ...FAST_RETRIES,
      max_retry_delay: 0.05,
      max_retries: MAX_RETRIES,
      batch_size: 10,
      flush_interval: 0.02,
      dead_letter_path: dead,
    });
    const sent = payloads(55, "refused");
    for (const p of sent) built.pipeline.log(p);
    await within(built.pipeline.flush(), 10_000, "flush");
    // shutdown waits for the dead-letter writes.
    const report = await within(built.pipeline.shutdown({ deadlineMs: 5000 }), 6000, "shutdown");

    const letters = await readDeadLetters(dead);
    const metrics = report.callbacks[0]!;
    // Nothing listened: an empty endpoint for the accounting.
    const nobody = await startFaultServer();
    cleanup(() => nobody.close());
    const a = account({ sent: idsOf(sent), server: nobody, deadLettered: letters.map((l) => l.id), dropped: droppedSum(metrics.dropped) });
    const batches = Math.ceil(55 / 10);
    recordAccounting(a, {
      scenario: "4 connection refused for good (max_retries 3)",
      requests: metrics.requests.error,
      retries: metrics.retried,
      notes: `${batches} batches x ${MAX_RETRIES + 1} attempts; reason: ${letters[0]?.reason ?? "-"}`,
    });

    expectIdentity(a);
    expect(a.deadLettered).toBe(55);
    expect(metrics.failed).toBe(55);
    expect(metrics.deadLettered).toBe(55);
    for (const letter of letters) {
      expect(letter.reason).toMatch(/ECONNREFUSED/);
      expect(letter.reason).toContain(`gave up after ${MAX_RETRIES + 1} attempts`);
      expect(letter.callback).toBe("api");
    }
    // Each batch: the first attempt plus max_retries retries, no more.
    expect(metrics.requests.error).toBe(batches * (MAX_RETRIES + 1));
    expect(metrics.retried).toBe(55 * MAX_RETRIES);
  });
});
