import { Subject } from "rxjs";
import { describe, expect, it } from "vitest";
import type { Exporter, ExportRequest } from "../contracts/exporter.js";
import type { ExportResult } from "../contracts/export-result.js";
import type { Formatter } from "../contracts/formatter.js";
import type { Processor } from "../contracts/processor.js";
import { DeliveryQueue } from "../delivery/delivery-queue.js";
import type { DeliveryReport } from "../delivery/delivery-report.js";
import { createLogEvent, eventJson, type LogEvent } from "../events/log-event.js";
import { createPipeline } from "../pipeline/pipeline.js";
import { admit } from "./admit.js";
import { applyProcessors } from "./apply-processors.js";
import { batch } from "./batch.js";
import { deliver } from "./deliver.js";
import { format } from "./format.js";
import { ofEventTypes } from "./of-event-types.js";

const lines: Formatter = { specificationVersion: 1, type: "lines", contentType: "text/plain", encode: (events) => events.map(eventJson).join("\n") };

function gatedExporter() {
  const requests: { request: ExportRequest; release: (result?: ExportResult) => void }[] = [];
  const exporter: Exporter = {
    specificationVersion: 1,
    type: "gated",
    export: (request) => new Promise((resolve) => requests.push({ request, release: (result = { kind: "success", status: 200 }) => resolve(result) })),
  };
  return { exporter, requests };
}

const event = (id: string, status = "success"): LogEvent => createLogEvent({ id, status } as never);
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("composing the public operators", () => {
  it("deliver refuses queue bounds (they belong to the queue) and unknown options, instead of ignoring them", () => {
    const { exporter } = gatedExporter();
    expect(() => deliver(exporter, { maxQueueEvents: 10, queueFullPolicy: "drop_newest" } as never)).toThrow(
      /unknown option\(s\) maxQueueEvents, queueFullPolicy.*queue bounds belong to the DeliveryQueue/,
    );
    expect(() => deliver(exporter, { retries: 3 } as never)).toThrow(/unknown option\(s\) retries/);
  });

  it("admit(queue) without deliver({ queue }) further down is an error at subscription, not a queue that fills for good", () => {
    const queue = new DeliveryQueue({ name: "api" });
    const { exporter } = gatedExporter();
    const errors: unknown[] = [];
    new Subject<LogEvent>().pipe(admit(queue), batch({ maxSize: 10 }), format(lines), deliver(exporter)).subscribe({ error: (err) => errors.push(err) });
    expect(String(errors[0])).toMatch(/admit\(queue "api"\) needs deliver\(exporter, \{ queue \}\)/);
  });

  it("a hand-composed pipe bounds what it holds: drop_newest keeps 10 of 1,000 and counts the rest", async () => {
    const queue = new DeliveryQueue({ name: "api", maxQueueEvents: 10, queueFullPolicy: "drop_newest" });
    const gate = gatedExporter();
    const reports: DeliveryReport[] = [];
    const events$ = new Subject<LogEvent>();
    events$.pipe(admit(queue), batch({ maxSize: 5, flush: queue.flushRequests }), format(lines), deliver(gate.exporter, { queue })).subscribe((r) => reports.push(r));
    for (let i = 0; i < 1000; i++) events$.next(event(`e${i}`));
    expect(queue.held).toBe(10);
    const flushed = queue.flush();
    await tick();
    for (const request of gate.requests) request.release();
    await flushed;
    const snapshot = queue.snapshot();
    expect(snapshot).toMatchObject({ received: 1000, sent: 10, dropped: { queue_full: 990 }, queueDepth: 0 });
    expect(reports.filter((r) => r.outcome === "delivered").flatMap((r) => r.events.map((e) => e.payload.id))).toEqual(
      Array.from({ length: 10 }, (_, i) => `e${i}`),
    );
  });

  it("drop_oldest reaches into the sender's queue and the batch buffer", async () => {
    const queue = new DeliveryQueue({ name: "api", maxQueueEvents: 4, queueFullPolicy: "drop_oldest" });
    const gate = gatedExporter();
    const events$ = new Subject<LogEvent>();
    events$.pipe(admit(queue), batch({ maxSize: 2, flush: queue.flushRequests }), format(lines), deliver(gate.exporter, { queue, maxConcurrency: 1 })).subscribe();
    for (let i = 0; i < 10; i++) events$.next(event(`e${i}`));
    await tick();
    // One request in flight (e0, e1, not droppable); the newest fill the rest of the bound.
    expect(queue.held).toBeLessThanOrEqual(4);
    const flushed = queue.flush();
    for (let i = 0; i < 10 && gate.requests.some((r) => r); i++) {
      for (const request of gate.requests.splice(0)) request.release();
      await tick();
    }
    await flushed;
    expect(queue.snapshot()).toMatchObject({ received: 10, sent: 4, dropped: { queue_full: 6 } });
  });

  it("a configured pipeline and the same operators composed by hand send the same requests", async () => {
    const redact: Processor = { specificationVersion: 1, type: "redact", process: (p) => (p.messages === undefined ? p : { ...p, messages: "x" }) };
    const run = async (compose: (events: readonly LogEvent[], exporter: Exporter) => Promise<void>): Promise<string[]> => {
      const gate = gatedExporter();
      const events = [event("a"), event("b", "failure"), createLogEvent({ id: "c", messages: "secret" } as never), event("d", "failure")];
      const done = compose(events, gate.exporter);
      for (let i = 0; i < 20; i++) {
        for (const request of gate.requests) request.release();
        await tick();
      }
      await done;
      return gate.requests.map((r) => String(r.request.body));
    };
    const configured = await run(async (events, exporter) => {
      const pipeline = createPipeline({ callbacks: [{ name: "api", formatter: lines, exporter, batchSize: 2, eventTypes: ["llm_api_failure", "llm_api_success"], processors: [redact] }] });
      for (const e of events) pipeline.emit(e);
      await pipeline.shutdown();
    });
    const composed = await run(async (events, exporter) => {
      const queue = new DeliveryQueue({ name: "api" });
      const events$ = new Subject<LogEvent>();
      const done = new Promise<void>((resolve) =>
        events$
          .pipe(ofEventTypes(["llm_api_failure", "llm_api_success"]), applyProcessors([redact]), admit(queue), batch({ maxSize: 2, flush: queue.flushRequests }), format(lines), deliver(exporter, { queue }))
          .subscribe({ complete: resolve }),
      );
      for (const e of events) events$.next(e);
      events$.complete();
      await done;
    });
    expect(composed).toEqual(configured);
    expect(configured.join("\n")).not.toContain("secret");
  });
});

describe("applyProcessors", () => {
  it("an unchanged event passes as the same object; callbacks with the same chain process each event once", async () => {
    let calls = 0;
    const counting: Processor = {
      specificationVersion: 1,
      type: "tag",
      process(payload) {
        calls++;
        return payload.id === "b" ? { ...payload, tagged: true } : payload;
      },
    };
    const seen: LogEvent[][] = [];
    const capture = (name: string) => ({
      name,
      formatter: { ...lines, encode: (events: readonly LogEvent[]) => (seen.push([...events]), lines.encode(events)) },
      exporter: { specificationVersion: 1 as const, type: "ok", export: async () => ({ kind: "success" as const, status: 200 }) },
      batchSize: 10,
      processors: [counting],
    });
    const pipeline = createPipeline({ callbacks: [capture("one"), capture("two")] });
    const a = event("a");
    const b = event("b");
    pipeline.emit(a);
    pipeline.emit(b);
    await pipeline.shutdown();
    expect(calls).toBe(2);
    expect(seen).toHaveLength(2);
    expect(seen[0]![0]).toBe(a);
    expect(seen[0]![1]).not.toBe(b);
    expect(seen[0]![1]!.payload).toMatchObject({ id: "b", tagged: true });
    // The rewritten event is one object, shared by both callbacks (serialized once).
    expect(seen[1]![1]).toBe(seen[0]![1]);
  });

  it("a processor that throws fails only that event, with its reason, into the dead letters", async () => {
    const picky: Processor = {
      specificationVersion: 1,
      type: "picky",
      process(payload) {
        if (payload.id === "bad") throw new Error("cannot read it");
        return payload;
      },
    };
    const written: DeliveryReport[] = [];
    const pipeline = createPipeline({
      callbacks: [
        {
          name: "api",
          formatter: lines,
          exporter: { specificationVersion: 1, type: "ok", export: async () => ({ kind: "success", status: 200 }) },
          processors: [picky],
          deadLetters: { write: async (report) => (written.push(report), report.events.length), close: async () => {} },
        },
      ],
    });
    pipeline.emit(event("good"));
    pipeline.emit(event("bad"));
    const report = await pipeline.shutdown();
    expect(report.callbacks[0]).toMatchObject({ received: 2, sent: 1, failed: 1, deadLettered: 1 });
    expect(written[0]!.reason).toBe("processor picky failed: cannot read it");
  });

  it("a processor that drops counts the event as filtered by it", async () => {
    const onlyA: Processor = { specificationVersion: 1, type: "filter", process: (p) => (p.id === "a" ? p : null) };
    const pipeline = createPipeline({
      callbacks: [{ name: "api", formatter: lines, exporter: { specificationVersion: 1, type: "ok", export: async () => ({ kind: "success", status: 200 }) }, processors: [onlyA], eventTypes: ["llm_api_success"] }],
    });
    pipeline.emit(event("a"));
    pipeline.emit(event("b"));
    pipeline.emit(event("c", "failure"));
    const report = await pipeline.shutdown();
    expect(report.callbacks[0]).toMatchObject({ received: 3, sent: 1, filtered: 2, filteredBy: { filter: 1, event_types: 1 } });
  });
});
