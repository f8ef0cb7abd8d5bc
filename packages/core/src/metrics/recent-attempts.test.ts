import { describe, expect, it } from "vitest";
import { HEALTH_WINDOW_MS, RecentAttempts } from "./recent-attempts.js";

function history(...attempts: [ok: boolean, at: number][]): RecentAttempts {
  const recent = new RecentAttempts();
  for (const [ok, at] of attempts) recent.record(ok, at);
  return recent;
}

describe("RecentAttempts", () => {
  it("is not failing without attempts (no evidence)", () => {
    expect(history().allFailing).toBe(false);
  });

  it("is failing once every attempt failed, and stays so with sparse traffic (no attempt since)", () => {
    expect(history([false, 0]).allFailing).toBe(true);
    // A 401 once a minute for ten minutes: every window holds only failures.
    expect(history(...Array.from({ length: 10 }, (_, i) => [false, i * 60_000] as [boolean, number])).allFailing).toBe(true);
  });

  it("is healthy again at the first success", () => {
    expect(history([false, 0], [false, 1000], [true, 2000]).allFailing).toBe(false);
  });

  it("judges a burst that mixes failures and successes (bisecting a poison event) as not failing", () => {
    expect(history([false, 0], [true, 5], [false, 10], [true, 15], [false, 20]).allFailing).toBe(false);
  });

  it("forgets a success older than the window before the latest attempt", () => {
    expect(history([true, 0], [false, HEALTH_WINDOW_MS - 1]).allFailing).toBe(false);
    expect(history([true, 0], [false, HEALTH_WINDOW_MS + 1]).allFailing).toBe(true);
  });

  it("remembers a bounded number of attempts: more failures than it holds are still all failures", () => {
    const recent = history([true, 0]);
    for (let i = 0; i < 1000; i++) recent.record(false, 1 + i);
    expect(recent.allFailing).toBe(true);
    recent.record(true, 2000);
    expect(recent.allFailing).toBe(false);
  });
});
