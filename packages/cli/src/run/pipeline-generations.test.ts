import type { CallbackMetrics, Pipeline, ShutdownReport } from "@hookline/core";
import { describe, expect, it } from "vitest";
import { mergeMetrics, PipelineGenerations } from "./pipeline-generations.js";

const metrics = (name: string, n: number, extra: Partial<CallbackMetrics> = {}): CallbackMetrics => ({
  name,
  received: n,
  filtered: 0,
  filteredBy: {},
  sent: n,
  failed: 0,
  retried: 0,
  dropped: { queue_full: 0, invalid_event: 0, format_error: 0, shutdown: 0 },
  deadLettered: 0,
  spooled: 0,
  deadLetterWriteFailures: 0,
  spoolWriteFailures: 0,
  spoolLost: 0,
  requests: { "2xx": 1, "3xx": 0, "4xx": 0, "5xx": 0, error: 0 },
  queueDepth: 0,
  queueBytes: 0,
  inFlight: 0,
  latency: { count: n, sumSeconds: n / 10, buckets: [n, n] },
  healthy: true,
  ...extra,
});
const pipeline = (m: CallbackMetrics[]): Pipeline => ({ metrics: () => m }) as unknown as Pipeline;

describe("mergeMetrics", () => {
  it("adds counters by callback name; the last generation's health and gauges win", () => {
    const merged = mergeMetrics([[metrics("a", 2), metrics("b", 1)], [metrics("a", 3, { healthy: false, queueDepth: 4, lastError: "503" })]]);
    expect(merged.map((m) => m.name)).toEqual(["a", "b"]);
    expect(merged[0]).toMatchObject({ received: 5, sent: 5, requests: { "2xx": 2 }, latency: { count: 5, buckets: [5, 5] }, healthy: false, queueDepth: 4, lastError: "503" });
    expect(merged[1]).toMatchObject({ received: 1 });
  });
});

describe("PipelineGenerations", () => {
  it("counts replaced pipelines while they drain and after, minus events handed over in a shared spool", async () => {
    let finish!: (report: ShutdownReport) => void;
    const generations = new PipelineGenerations(pipeline([metrics("a", 2)]));
    generations.replace(pipeline([metrics("a", 1)]), () => new Promise((resolve) => (finish = resolve)), () => ({ a: 3 }));
    expect(generations.metrics()[0]).toMatchObject({ received: 3 });
    finish({ drained: false, abandoned: { a: { count: 3, to: "spool" } }, unspooled: {}, callbacks: [metrics("a", 6, { sent: 3, failed: 3 })] });
    await generations.drained();
    expect(generations.metrics()[0]).toMatchObject({ received: 7, sent: 4, failed: 0 });
    expect(generations.final([metrics("a", 5)])[0]).toMatchObject({ received: 11, sent: 8 });
  });
});
