/**
 * The queue's byte bound: on by default (128 MiB) for events that carry their JSON; events
 * `log()` makes of payload objects are measured (serialized in `log()`) only when the bound is
 * set explicitly.
 */
import { describe, expect, it } from "vitest";
import type { Exporter } from "../contracts/exporter.js";
import type { ExportResult } from "../contracts/export-result.js";
import type { Formatter } from "../contracts/formatter.js";
import { DELIVERY_DEFAULTS } from "../delivery/resolve-delivery-options.js";
import { eventJson, type LogEvent } from "../events/log-event.js";
import { createPipeline } from "./pipeline.js";

const lines: Formatter = { specificationVersion: 1, type: "lines", contentType: "text/plain", encode: (events) => events.map(eventJson).join("\n") };

/** An exporter that holds every request until `open()`, then answers 200 at once. */
function heldExporter() {
  const waiting: ((result: ExportResult) => void)[] = [];
  let opened = false;
  const ok: ExportResult = { kind: "success", status: 200 };
  const exporter: Exporter = {
    specificationVersion: 1,
    type: "held",
    export: () => (opened ? Promise.resolve(ok) : new Promise((resolve) => waiting.push(resolve))),
  };
  return {
    exporter,
    open: () => {
      opened = true;
      for (const resolve of waiting.splice(0)) resolve(ok);
    },
  };
}

const MiB = 1024 * 1024;
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("the queue's byte bound", () => {
  it("is 128 MiB by default", () => {
    expect(DELIVERY_DEFAULTS.maxQueueBytes).toBe(128 * MiB);
  });

  it("holds by default for events that carry their JSON: a few huge ones drop the oldest queued, counted", async () => {
    const held = heldExporter();
    const pipeline = createPipeline({ callbacks: [{ name: "a", formatter: lines, exporter: held.exporter, batchSize: 1, maxConcurrency: 1 }], onWarning: () => {} });
    // One shared buffer stands for each event's received bytes (50 MiB each).
    const bytes = new Uint8Array(50 * MiB);
    const huge = (id: string): LogEvent => ({ type: "llm_api_success", payload: { id }, json: `{"id":"${id}"}`, bytes });
    let maxBytes = 0;
    for (const id of ["h0", "h1", "h2", "h3"]) {
      pipeline.emit(huge(id));
      await tick();
      maxBytes = Math.max(maxBytes, pipeline.metrics()[0]!.queueBytes);
    }
    const before = pipeline.metrics()[0]!;
    expect(maxBytes).toBeLessThanOrEqual(128 * MiB);
    expect(before.queueBytes).toBe(100 * MiB);
    expect(before.dropped.queue_full).toBe(2);
    held.open();
    await pipeline.flush();
    const after = pipeline.metrics()[0]!;
    expect(after).toMatchObject({ received: 4, sent: 2, queueBytes: 0, queueDepth: 0 });
    expect(after.sent + after.dropped.queue_full).toBe(after.received);
    await pipeline.shutdown();
  });

  it("by default does not serialize log()'s payloads to measure them: log() stays a push", async () => {
    const held = heldExporter();
    let serialized = 0;
    const payload = { id: "p", toJSON: () => (serialized++, { id: "p" }) };
    const pipeline = createPipeline({ callbacks: [{ name: "a", formatter: lines, exporter: held.exporter }] });
    pipeline.log(payload);
    expect(serialized).toBe(0);
    expect(pipeline.metrics()[0]!.queueBytes).toBe(0);
    await pipeline.shutdown({ deadlineMs: 0 });
  });

  it("set explicitly, it measures log()'s payloads too (serializing them in log())", async () => {
    const held = heldExporter();
    let serialized = 0;
    const payload = { id: "p", toJSON: () => (serialized++, { id: "p" }) };
    const pipeline = createPipeline({ callbacks: [{ name: "a", formatter: lines, exporter: held.exporter, maxQueueBytes: 1000 }] });
    pipeline.log(payload);
    expect(serialized).toBe(1);
    expect(pipeline.metrics()[0]!.queueBytes).toBe(Buffer.byteLength('{"id":"p"}'));
    await pipeline.shutdown({ deadlineMs: 0 });
  });
});
