/**
 * Fault 3: a slow endpoint (every answer takes 100-200 ms). The caller's log() does not wait
 * for it, max_concurrency is honoured, and nothing is lost.
 */
import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { within } from "../support/wait-for.js";
import { account, droppedSum, expectIdentity } from "./support/accounting.js";
import { recordAccounting, useFigures } from "./support/figures.js";
import { FAST_RETRIES, faultServer, idsOf, inProcess, payloads } from "./support/harness.js";

const cleanup = useCleanup();
useFigures();

describe("fault 3: slow endpoint", () => {
  it("log() returns at once, max_concurrency 2 is never exceeded, every event is delivered once", async () => {
    const MIN_DELAY = 100;
    const server = await faultServer(cleanup, { respond: () => ({ delayMs: MIN_DELAY + Math.floor(Math.random() * 100) }) });
    const built = await inProcess(cleanup, `${server.url}/logs`, {
      ...FAST_RETRIES,
      max_retries: 3,
      max_concurrency: 2,
      batch_size: 100,
      flush_interval: 0.05,
    });
    const sent = payloads(1000, "slow", 200);
    // Warm up the code paths so the measurement is not dominated by first-call compilation.
    built.pipeline.log(sent[0]!);
    const started = performance.now();
    for (const p of sent.slice(1)) built.pipeline.log(p);
    const pushMs = performance.now() - started;
    await within(built.pipeline.flush(), 15_000, "flush");

    const metrics = built.pipeline.metrics()[0]!;
    const a = account({ sent: idsOf(sent), server, dropped: droppedSum(metrics.dropped) });
    const maxInFlight = Math.max(...server.requests.map((r) => r.inFlightAtStart));
    recordAccounting(a, {
      scenario: "3 slow endpoint (100-200 ms/answer, max_concurrency 2)",
      requests: server.requests.length,
      retries: metrics.retried,
      notes: `999 log() calls took ${pushMs.toFixed(1)} ms; max in flight ${maxInFlight}`,
    });

    expectIdentity(a);
    expect(a.delivered).toBe(1000);
    expect(a.duplicates).toBe(0);
    // Far less than one answer's delay: log() only pushes.
    expect(pushMs).toBeLessThan(MIN_DELAY / 2);
    expect(maxInFlight).toBeLessThanOrEqual(2);
    expect(maxInFlight).toBe(2);
    expect(server.requests.length).toBeGreaterThanOrEqual(10);
    expect(metrics.retried).toBe(0);
  });
});
