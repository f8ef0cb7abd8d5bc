/**
 * Fault 1: the endpoint is down for a while, then comes back. Everything is delivered exactly
 * once, and while it is down the callback probes with one request at a time (no retry storm),
 * although max_concurrency is 4.
 */
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { waitFor, within } from "../support/wait-for.js";
import { account, droppedSum, expectIdentity } from "./support/accounting.js";
import { recordAccounting, useFigures } from "./support/figures.js";
import { reservePort, startFaultServer, type FaultRequest } from "./support/fault-server.js";
import { FAST_RETRIES, faultServer, idsOf, inProcess, payloads } from "./support/harness.js";

const cleanup = useCleanup();
useFigures();

/** Max requests in flight (at the endpoint) among those that started while the endpoint was failing. */
function maxInFlightWhileFailing(requests: readonly FaultRequest[]): { max: number; probes: number } {
  const firstFailure = requests.filter((r) => typeof r.outcome === "number" && r.outcome >= 500).sort((a, b) => a.answerSeq! - b.answerSeq!)[0];
  if (!firstFailure) return { max: 0, probes: 0 };
  const firstSuccessAfter = requests
    .filter((r) => r.outcome === 200 && r.answerSeq! > firstFailure.answerSeq!)
    .sort((a, b) => a.answerSeq! - b.answerSeq!)[0];
  const during = requests.filter((r) => r.startSeq > firstFailure.answerSeq! && (!firstSuccessAfter || r.startSeq < firstSuccessAfter.answerSeq!));
  return { max: Math.max(0, ...during.map((r) => r.inFlightAtStart)), probes: during.length };
}

describe("fault 1: endpoint down for a while, then back", () => {
  it("503 for the first requests: all delivered exactly once; one probe in flight during the outage (max_concurrency 4)", async () => {
    const FAILURES = 10;
    let answered = 0;
    // Every answer takes a little while, so overlapping requests would be seen.
    const server = await faultServer(cleanup, {
      respond: () => (answered++ < FAILURES ? { status: 503, delayMs: 25 } : { delayMs: 25 }),
    });
    const built = await inProcess(cleanup, `${server.url}/logs`, {
      ...FAST_RETRIES,
      max_retry_delay: 0.05,
      max_retries: 100,
      max_concurrency: 4,
      batch_size: 10,
      flush_interval: 0.05,
    });
    const sent = payloads(300, "outage");
    for (const p of sent) built.pipeline.log(p);
    await within(built.pipeline.flush(), 15_000, "flush");

    const metrics = built.pipeline.metrics()[0]!;
    const a = account({ sent: idsOf(sent), server, dropped: droppedSum(metrics.dropped) });
    const failing = maxInFlightWhileFailing(server.requests);
    const maxOverall = Math.max(...server.requests.map((r) => r.inFlightAtStart));
    recordAccounting(a, {
      scenario: "1a 503 x10 then OK (in-process, max_concurrency 4)",
      requests: server.requests.length,
      retries: metrics.retried,
      notes: `max in flight while failing ${failing.max} (${failing.probes} probe(s)); max in flight overall ${maxOverall}`,
    });

    expectIdentity(a);
    expect(a.delivered).toBe(300);
    expect(a.duplicates).toBe(0);
    expect(metrics.failed).toBe(0);
    expect(server.requests.filter((r) => r.outcome === 503)).toHaveLength(FAILURES);
    // The outage was long enough to need probes after the first failure was seen.
    expect(failing.probes).toBeGreaterThan(0);
    expect(failing.max).toBe(1);
    // Healthy again: full concurrency, never more than the limit.
    expect(maxOverall).toBeGreaterThan(1);
    expect(maxOverall).toBeLessThanOrEqual(4);
    expect(metrics.retried).toBeGreaterThan(0);
  });

  it("connection refused until the endpoint starts late on its port: all delivered exactly once", async () => {
    const port = await reservePort();
    const built = await inProcess(cleanup, `http://127.0.0.1:${port}/logs`, {
      ...FAST_RETRIES,
      max_retries: 1000,
      max_concurrency: 4,
      batch_size: 10,
      flush_interval: 0.05,
    });
    const sent = payloads(200, "refused-then-up");
    for (const p of sent) built.pipeline.log(p);
    // Several refused attempts first.
    await waitFor(() => built.pipeline.metrics()[0]!.requests.error >= 5, { timeoutMs: 10_000, what: "5 refused attempts" });
    const refusedBefore = built.pipeline.metrics()[0]!.requests.error;
    const server = await startFaultServer({ port, respond: () => ({ delayMs: 10 }) });
    cleanup(() => server.close());
    await within(built.pipeline.flush(), 15_000, "flush");

    const metrics = built.pipeline.metrics()[0]!;
    const a = account({ sent: idsOf(sent), server, dropped: droppedSum(metrics.dropped) });
    recordAccounting(a, {
      scenario: "1b connection refused, endpoint starts late",
      requests: server.requests.length + metrics.requests.error,
      retries: metrics.retried,
      notes: `${metrics.requests.error} refused attempt(s) (${refusedBefore} before start); max in flight after start ${Math.max(...server.requests.map((r) => r.inFlightAtStart))}`,
    });
    expectIdentity(a);
    expect(a.delivered).toBe(200);
    expect(a.duplicates).toBe(0);
    expect(metrics.failed).toBe(0);
    expect(Math.max(...server.requests.map((r) => r.inFlightAtStart))).toBeLessThanOrEqual(4);
  });
});
