import { describe, expect, it } from "vitest";
import type { Exporter, ExportRequest } from "../contracts/exporter.js";
import type { ExportResult } from "../contracts/export-result.js";
import type { Formatter } from "../contracts/formatter.js";
import { eventJson } from "../events/log-event.js";
import { createPipeline } from "./pipeline.js";

const lines: Formatter = { specificationVersion: 1, type: "lines", contentType: "text/plain", encode: (events) => events.map(eventJson).join("\n") };

/** An exporter that holds every request until the test releases it. */
function gatedExporter() {
  const requests: { request: ExportRequest; release: (result?: ExportResult) => void }[] = [];
  const exporter: Exporter = {
    specificationVersion: 1,
    type: "gated",
    export: (request) => new Promise((resolve) => requests.push({ request, release: (result = { kind: "success", status: 200 }) => resolve(result) })),
  };
  const idsOf = (i: number) => String(requests[i]!.request.body).split("\n").map((line) => (JSON.parse(line) as { id: string }).id);
  return { exporter, requests, idsOf };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("createPipeline", () => {
  it("fans out to every callback, filtering by event type", async () => {
    const all = gatedExporter();
    const failures = gatedExporter();
    const pipeline = createPipeline({
      callbacks: [
        { name: "all", formatter: lines, exporter: all.exporter, batchSize: 10 },
        { name: "failures", formatter: lines, exporter: failures.exporter, batchSize: 10, eventTypes: ["llm_api_failure"] },
      ],
    });
    pipeline.log({ id: "a", status: "success" });
    pipeline.log({ id: "b", status: "failure" });
    pipeline.failure({ id: "c" });
    const flushed = pipeline.flush();
    await tick();
    expect(all.idsOf(0)).toEqual(["a", "b", "c"]);
    expect(failures.idsOf(0)).toEqual(["b", "c"]);
    all.requests[0]!.release();
    failures.requests[0]!.release();
    await flushed;
    const [allMetrics, failureMetrics] = pipeline.metrics();
    expect(allMetrics).toMatchObject({ received: 3, filtered: 0, sent: 3, queueDepth: 0 });
    expect(failureMetrics).toMatchObject({ received: 3, filtered: 1, sent: 2 });
    await pipeline.shutdown();
  });

  it("log() reads nothing of the payload unless a callback filters by event type", async () => {
    const reads: string[] = [];
    const watched = (payload: Record<string, unknown>) =>
      new Proxy(payload, {
        get(target, key, receiver) {
          if (typeof key === "string" && key !== "toJSON") reads.push(key);
          return Reflect.get(target, key, receiver) as unknown;
        },
      });
    const gate = gatedExporter();
    const pipeline = createPipeline({ callbacks: [{ name: "all", formatter: lines, exporter: gate.exporter, batchSize: 10 }] });
    pipeline.log(watched({ id: "a", status: "failure" }));
    expect(reads).toEqual([]);
    const flushed = pipeline.flush();
    await tick();
    expect(gate.idsOf(0)).toEqual(["a"]);
    gate.requests[0]!.release();
    await flushed;
    await pipeline.shutdown();

    const filtered = gatedExporter();
    const failuresOnly = createPipeline({ callbacks: [{ name: "failures", formatter: lines, exporter: filtered.exporter, batchSize: 10, eventTypes: ["llm_api_failure"] }] });
    reads.length = 0;
    failuresOnly.log(watched({ id: "b", status: "failure" }));
    failuresOnly.log(watched({ id: "c", status: "success" }));
    expect(reads).toContain("status");
    const done = failuresOnly.flush();
    await tick();
    expect(filtered.idsOf(0)).toEqual(["b"]);
    filtered.requests[0]!.release();
    await done;
    await failuresOnly.shutdown();
  });

  it("keeps events that arrive while a batch is in flight, and flush waits only for earlier ones", async () => {
    const gate = gatedExporter();
    const pipeline = createPipeline({ callbacks: [{ name: "api", formatter: lines, exporter: gate.exporter, batchSize: 2, maxConcurrency: 1 }] });
    pipeline.log({ id: "1" });
    pipeline.log({ id: "2" }); // batch full: sent
    await tick();
    expect(gate.requests).toHaveLength(1);
    let flushed = false;
    const flush = pipeline.flush().then(() => (flushed = true));
    pipeline.log({ id: "3" }); // arrives mid-flight, after the flush
    gate.requests[0]!.release();
    await flush;
    expect(flushed).toBe(true);
    const second = pipeline.flush();
    await tick();
    expect(gate.idsOf(1)).toEqual(["3"]);
    gate.requests[1]!.release();
    await second;
    expect(pipeline.metrics()[0]).toMatchObject({ sent: 3, failed: 0, queueDepth: 0 });
    await pipeline.shutdown();
  });

  it("a stalled callback delays neither the caller nor another callback", async () => {
    const stalled = gatedExporter();
    const fast = gatedExporter();
    const pipeline = createPipeline({
      callbacks: [
        { name: "stalled", formatter: lines, exporter: stalled.exporter, batchSize: 1, maxConcurrency: 1 },
        { name: "fast", formatter: lines, exporter: fast.exporter, batchSize: 1, maxConcurrency: 1 },
      ],
    });
    for (let i = 0; i < 5; i++) {
      pipeline.log({ id: String(i) });
      await tick();
      fast.requests[i]!.release();
    }
    await tick();
    expect(fast.requests).toHaveLength(5);
    expect(stalled.requests).toHaveLength(1);
    expect(pipeline.metrics()[1]).toMatchObject({ sent: 5 });
    expect(pipeline.metrics()[0]).toMatchObject({ sent: 0, queueDepth: 5 });
    const report = await pipeline.shutdown({ deadlineMs: 50 });
    expect(report.drained).toBe(false);
    expect(report.abandoned).toEqual({ stalled: { count: 5, to: "none" }, fast: { count: 0, to: "none" } });
    expect(report.callbacks[0]).toMatchObject({ sent: 0, failed: 5, queueDepth: 0 });
  });

  it("shutdown sends what is buffered and reports every event", async () => {
    const gate = gatedExporter();
    const pipeline = createPipeline({ callbacks: [{ name: "api", formatter: lines, exporter: gate.exporter, batchSize: 100, flushIntervalMs: 60_000 }] });
    for (let i = 0; i < 7; i++) pipeline.log({ id: String(i) });
    const done = pipeline.shutdown();
    await tick();
    expect(gate.idsOf(0)).toHaveLength(7);
    gate.requests[0]!.release();
    const report = await done;
    expect(report).toMatchObject({ drained: true, callbacks: [expect.objectContaining({ sent: 7 })] });
    pipeline.log({ id: "late" });
    expect(pipeline.metrics()[0]!.received).toBe(7);
  });

  it("counts payloads that are not objects instead of throwing", () => {
    const warnings: string[] = [];
    const pipeline = createPipeline({ callbacks: [], onWarning: (m) => warnings.push(m) });
    pipeline.log(null as never);
    pipeline.log([] as never);
    expect(warnings).toEqual(["ignored 1 log() call(s) whose payload is not an object"]);
  });

  it("offer refuses events a full callback with the block policy cannot take", async () => {
    const gate = gatedExporter();
    const pipeline = createPipeline({ callbacks: [{ name: "api", formatter: lines, exporter: gate.exporter, batchSize: 2, maxQueueEvents: 3, queueFullPolicy: "block" }] });
    const event = (id: string) => ({ type: "llm_api_success" as const, payload: { id } });
    expect(pipeline.offer([event("1"), event("2")])).toEqual({ accepted: true });
    expect(pipeline.offer([event("3"), event("4")])).toMatchObject({ accepted: false, callback: "api" });
    expect(pipeline.offer([event("3")])).toEqual({ accepted: true });
    await tick();
    gate.requests[0]!.release();
    await tick();
    expect(pipeline.offer([event("4"), event("5")])).toEqual({ accepted: true });
    const done = pipeline.shutdown();
    for (let i = 0; i < 10; i++) {
      await tick();
      gate.requests.forEach((r) => r.release());
    }
    expect((await done).callbacks[0]).toMatchObject({ sent: 5, dropped: { queue_full: 0 } });
  });
});
