import { describe, expect, it } from "vitest";
import { backoffDelay } from "./backoff.js";

describe("backoffDelay", () => {
  const settings = { initialDelayMs: 500, maxDelayMs: 30_000 };

  it("grows 1.5x per failure with equal jitter: between half and all of the step", () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, settings, () => 0))).toEqual([250, 375, 563, 844]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, settings, () => 1))).toEqual([500, 750, 1125, 1688]);
  });

  it("never exceeds maxDelayMs", () => {
    expect(backoffDelay(50, settings, () => 1)).toBe(30_000);
    expect(backoffDelay(50, settings, () => 0)).toBe(15_000);
  });
});
