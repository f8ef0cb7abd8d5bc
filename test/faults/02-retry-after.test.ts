/**
 * Fault 2: 429 with Retry-After. No request goes out before min(Retry-After, max_retry_after)
 * has passed since the 429, even past the backoff cap max_retry_delay (the whole callback waits, not just the refused batch), and
 * everything is delivered exactly once.
 */
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { within } from "../support/wait-for.js";
import { account, droppedSum, expectIdentity } from "./support/accounting.js";
import { recordAccounting, useFigures } from "./support/figures.js";
import { FAST_RETRIES, faultServer, idsOf, inProcess, payloads } from "./support/harness.js";

const cleanup = useCleanup();
useFigures();

// Timers may fire a little early relative to another process's clock reading; allow for it.
const TOLERANCE_MS = 30;

describe("fault 2: 429 with Retry-After", () => {
  const cases: { name: string; retryAfter: string; settings: Readonly<Record<string, number>>; expectedWaitMs: number }[] = [
    { name: "Retry-After: 1, max_retry_after default (Retry-After applies)", retryAfter: "1", settings: {}, expectedWaitMs: 1000 },
    { name: "Retry-After: 1, max_retry_delay 0.2 (Retry-After still applies: it is not a backoff)", retryAfter: "1", settings: { max_retry_delay: 0.2 }, expectedWaitMs: 1000 },
    { name: "Retry-After: 1, max_retry_after 0.3 (the cap applies)", retryAfter: "1", settings: { max_retry_after: 0.3 }, expectedWaitMs: 300 },
  ];
  for (const c of cases) {
    it(`${c.name}: the next attempt waits at least min(Retry-After, cap); all delivered`, async () => {
      let first = true;
      // The 429 is answered after 20 ms (both first requests have arrived by then) and every 200
      // after 80 ms, so the client has seen the 429 before a concurrent request's success could
      // start another request.
      const server = await faultServer(cleanup, {
        respond: () => {
          if (!first) return { delayMs: 80 };
          first = false;
          return { status: 429, headers: { "retry-after": c.retryAfter }, delayMs: 20 };
        },
      });
      const built = await inProcess(cleanup, `${server.url}/logs`, {
        ...FAST_RETRIES,
        ...c.settings,
        max_retries: 5,
        max_concurrency: 2,
        batch_size: 5,
        flush_interval: 0.02,
      });
      const sent = payloads(40, `ra-${c.expectedWaitMs}-${Object.keys(c.settings).join()}`);
      for (const p of sent) built.pipeline.log(p);
      await within(built.pipeline.flush(), 10_000, "flush");

      const refused = server.requests.find((r) => r.outcome === 429)!;
      // Every request that started after the 429 was answered.
      const after = server.requests.filter((r) => r.startSeq > refused.answerSeq!);
      const nextGap = Math.min(...after.map((r) => r.startedAt)) - refused.answeredAt!;
      const retryOfRefused = server.requests.find((r) => r.index > refused.index && r.ids.join() === refused.ids.join())!;
      const metrics = built.pipeline.metrics()[0]!;
      const a = account({ sent: idsOf(sent), server, dropped: droppedSum(metrics.dropped) });
      recordAccounting(a, {
        scenario: `2 429 ${c.name}`,
        requests: server.requests.length,
        retries: metrics.retried,
        notes: `next request ${nextGap} ms after the 429 (min ${c.expectedWaitMs}); refused batch retried after ${retryOfRefused.startedAt - refused.answeredAt!} ms`,
      });

      expectIdentity(a);
      expect(a.delivered).toBe(40);
      expect(a.duplicates).toBe(0);
      expect(after.length).toBeGreaterThan(0);
      expect(nextGap).toBeGreaterThanOrEqual(c.expectedWaitMs - TOLERANCE_MS);
      // Generous upper bound: the cap really caps (well before the 1 s Retry-After when it is 0.3 s).
      expect(retryOfRefused.startedAt - refused.answeredAt!).toBeLessThan(c.expectedWaitMs + 2000);
      if (c.expectedWaitMs < 1000) expect(retryOfRefused.startedAt - refused.answeredAt!).toBeLessThan(1000);
    });
  }
});
