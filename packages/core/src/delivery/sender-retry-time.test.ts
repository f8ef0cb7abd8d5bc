/**
 * The default retry settings in virtual time: a batch is retried until max_retry_time (no retry
 * count), the probe interval is capped, and the last retry lands on the time limit.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Exporter } from "../contracts/exporter.js";
import type { ExportResult } from "../contracts/export-result.js";
import type { Formatter } from "../contracts/formatter.js";
import { createLogEvent, eventJson } from "../events/log-event.js";
import { encodeBatch } from "../operators/format.js";
import type { DeliveryReport } from "./delivery-report.js";
import { DELIVERY_DEFAULTS } from "./resolve-delivery-options.js";
import { Sender } from "./sender.js";

const lines: Formatter = { specificationVersion: 1, type: "lines", contentType: "text/plain", encode: (events) => events.map(eventJson).join("\n") };

/** An exporter that fails (503) until `upAt` (virtual Date.now()), recording when each attempt came. */
function outageExporter(upAt: number) {
  const attempts: { at: number; ok: boolean }[] = [];
  const exporter: Exporter = {
    specificationVersion: 1,
    type: "outage",
    export: async (): Promise<ExportResult> => {
      const at = Date.now();
      const ok = at >= upAt;
      attempts.push({ at, ok });
      return ok ? { kind: "success", status: 200 } : { kind: "retryable", status: 503, reason: "HTTP 503" };
    },
  };
  return { exporter, attempts };
}

describe("Sender retry time (defaults, virtual time)", () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it("defaults: no retry count, 300 s of retrying, probes at most 5 s apart", () => {
    expect(DELIVERY_DEFAULTS.retry).toEqual({ maxRetries: Number.POSITIVE_INFINITY, initialDelayMs: 500, maxDelayMs: 5_000, maxRetryAfterMs: 60_000, maxElapsedMs: 300_000 });
  });

  for (const outageMs of [25_000, 240_000, 295_000]) {
    it(`rides out a ${outageMs / 1000} s outage with the defaults, and delivers within 5 s of the endpoint's return`, async () => {
      const start = Date.now();
      const { exporter, attempts } = outageExporter(start + outageMs);
      const reports: DeliveryReport[] = [];
      const sender = new Sender(exporter, {}, { onReport: (r) => reports.push(r) });
      sender.enqueue(encodeBatch(lines, [createLogEvent({ id: "a" }), createLogEvent({ id: "b" })])[0]!);
      await vi.advanceTimersByTimeAsync(outageMs + 10_000);
      expect(reports).toEqual([expect.objectContaining({ outcome: "delivered", status: 200 })]);
      const firstOk = attempts.find((a) => a.ok)!;
      expect(firstOk.at - (start + outageMs)).toBeLessThanOrEqual(DELIVERY_DEFAULTS.retry.maxDelayMs);
      // A probe at least every 5 s, never a storm: between 2.5 s (equal jitter) and 5 s apart once capped.
      const gaps = attempts.slice(1).map((a, i) => a.at - attempts[i]!.at);
      expect(Math.max(...gaps)).toBeLessThanOrEqual(5_000);
      expect(Math.min(...gaps.slice(8))).toBeGreaterThanOrEqual(2_500);
    });
  }

  it("gives up only at max_retry_time: the last retry lands on the limit, not a delay before it", async () => {
    const start = Date.now();
    const { exporter, attempts } = outageExporter(Number.POSITIVE_INFINITY);
    const reports: DeliveryReport[] = [];
    const sender = new Sender(exporter, {}, { onReport: (r) => reports.push(r) });
    sender.enqueue(encodeBatch(lines, [createLogEvent({ id: "a" })])[0]!);
    await vi.advanceTimersByTimeAsync(299_000);
    expect(reports).toEqual([]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(reports).toEqual([expect.objectContaining({ outcome: "failed", status: 503 })]);
    expect(attempts.at(-1)!.at - start).toBe(300_000);
    expect(reports[0]!.reason).toBe(`gave up after 300000 ms: HTTP 503`);
    expect(reports[0]!.attempts).toBe(attempts.length);
  });

  it("an outage ending just before max_retry_time is still ridden out (the shortened last retry finds it back)", async () => {
    const start = Date.now();
    const { exporter, attempts } = outageExporter(start + 299_900);
    const reports: DeliveryReport[] = [];
    const sender = new Sender(exporter, {}, { onReport: (r) => reports.push(r) });
    sender.enqueue(encodeBatch(lines, [createLogEvent({ id: "a" })])[0]!);
    await vi.advanceTimersByTimeAsync(310_000);
    expect(reports).toEqual([expect.objectContaining({ outcome: "delivered" })]);
    expect(attempts.at(-1)!.at - start).toBeLessThanOrEqual(300_000);
  });

  it("an explicit maxRetries is still honoured", async () => {
    const { exporter, attempts } = outageExporter(Number.POSITIVE_INFINITY);
    const reports: DeliveryReport[] = [];
    const sender = new Sender(exporter, { retry: { maxRetries: 3 } }, { onReport: (r) => reports.push(r) });
    sender.enqueue(encodeBatch(lines, [createLogEvent({ id: "a" })])[0]!);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(attempts).toHaveLength(4);
    expect(reports).toEqual([expect.objectContaining({ outcome: "failed", reason: "gave up after 4 attempts: HTTP 503" })]);
  });
});
