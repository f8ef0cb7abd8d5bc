import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { DeliveryReport } from "../delivery/delivery-report.js";
import { createLogEvent } from "../events/log-event.js";
import { undeliveredWarnings, WARNING_INTERVAL_MS } from "./undelivered-warnings.js";

const dropped = (n = 1): DeliveryReport => {
  const events = Array.from({ length: n }, (_, i) => createLogEvent({ id: `e${i}` }));
  return { outcome: "dropped", dropReason: "queue_full", reason: "queue full (newest event dropped)", events, source: events, attempts: 0, latencyMs: 0 };
};
const failed: DeliveryReport = { outcome: "failed", reason: "HTTP 401", status: 401, events: [createLogEvent({ id: "f" })], source: [], attempts: 1, latencyMs: 3 };

describe("undeliveredWarnings", () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it("warns at the first drop, then at most once per interval per callback and reason, with how many since", () => {
    const messages: string[] = [];
    const warn = undeliveredWarnings((m) => messages.push(m));
    for (let i = 0; i < 1000; i++) warn(dropped(), "api");
    expect(messages).toEqual(["callback api: 1 event(s) dropped: queue full (newest event dropped)"]);
    vi.advanceTimersByTime(WARNING_INTERVAL_MS - 1);
    warn(dropped(), "api");
    expect(messages).toHaveLength(1);
    vi.advanceTimersByTime(1);
    warn(dropped(2), "api");
    expect(messages[1]).toBe("callback api: 2 event(s) dropped: queue full (newest event dropped) (and 1000 more event(s) in 1000 similar report(s) since the last warning)");
  });

  it("keeps kinds apart: another callback or another outcome warns at once", () => {
    const messages: string[] = [];
    const warn = undeliveredWarnings((m) => messages.push(m));
    warn(dropped(), "api");
    warn(dropped(), "other");
    warn(failed, "api");
    warn(failed, "api");
    expect(messages).toEqual([
      "callback api: 1 event(s) dropped: queue full (newest event dropped)",
      "callback other: 1 event(s) dropped: queue full (newest event dropped)",
      "callback api: 1 event(s) failed: HTTP 401",
    ]);
  });
});
