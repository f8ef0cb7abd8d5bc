import { describe, expect, it } from "vitest";
import type { Exporter } from "../contracts/exporter.js";
import type { ExportResult } from "../contracts/export-result.js";
import type { Formatter } from "../contracts/formatter.js";
import type { DeliveryReport } from "../delivery/delivery-report.js";
import type { EventOutcome } from "../events/event-outcome.js";
import { worseOutcome } from "../events/event-outcome.js";
import { createLogEvent, eventJson, type LogEvent } from "../events/log-event.js";
import type { CallbackOptions } from "./callback-options.js";
import { createPipeline } from "./pipeline.js";

const lines: Formatter = { specificationVersion: 1, type: "lines", contentType: "text/plain", encode: (events) => events.map(eventJson).join("\n") };
const answering = (result: ExportResult): Exporter => ({ specificationVersion: 1, type: "fixed", export: async () => result });
const ok = answering({ kind: "success", status: 200 });
const refused = answering({ kind: "failure", status: 400, reason: "HTTP 400" });
const hanging: Exporter = { specificationVersion: 1, type: "hanging", export: () => new Promise(() => {}) };
const deadLetters = (written = Number.POSITIVE_INFINITY) => ({
  write: async (report: DeliveryReport) => Math.min(written, report.events.length),
  close: async () => {},
});

/** An event whose source records the outcomes it is told. */
function tracked(id: string, extra: Partial<LogEvent> = {}): { event: LogEvent; outcomes: EventOutcome[] } {
  const outcomes: EventOutcome[] = [];
  const event: LogEvent = { ...createLogEvent({ id, status: "success" } as never), ...extra, settle: (outcome) => outcomes.push(outcome) };
  return { event, outcomes };
}

async function run(callbacks: CallbackOptions[], events: LogEvent[], deadlineMs?: number): Promise<void> {
  const pipeline = createPipeline({ callbacks, onWarning: () => {} });
  pipeline.offer(events);
  await pipeline.shutdown(deadlineMs === undefined ? {} : { deadlineMs });
}

const cb = (name: string, exporter: Exporter, extra: Partial<CallbackOptions> = {}): CallbackOptions => ({ name, formatter: lines, exporter, batchSize: 10, ...extra });

describe("settle: a source is told each event's outcome once, after every callback that takes it", () => {
  it("delivered by two callbacks: one 'delivered'", async () => {
    const a = tracked("a");
    await run([cb("one", ok), cb("two", ok)], [a.event]);
    expect(a.outcomes).toEqual(["delivered"]);
  });

  it("filtered by one callback, delivered by the other: 'delivered'; filtered by all: 'filtered'", async () => {
    const a = tracked("a");
    const b = tracked("b");
    await run([cb("one", ok, { eventTypes: ["llm_api_failure"] }), cb("two", ok)], [a.event]);
    await run([cb("one", ok, { eventTypes: ["llm_api_failure"] })], [b.event]);
    expect(a.outcomes).toEqual(["delivered"]);
    expect(b.outcomes).toEqual(["filtered"]);
  });

  it("an event meant for one callback settles with that callback alone", async () => {
    const a = tracked("a", { callback: "two" });
    await run([cb("one", refused), cb("two", ok)], [a.event]);
    expect(a.outcomes).toEqual(["delivered"]);
  });

  it("failed: 'dead_lettered' when written, 'failed' when not; the worse outcome wins across callbacks", async () => {
    const kept = tracked("kept");
    const lost = tracked("lost");
    const mixed = tracked("mixed");
    await run([cb("one", refused, { deadLetters: deadLetters() })], [kept.event]);
    await run([cb("one", refused)], [lost.event]);
    await run([cb("one", ok), cb("two", refused, { deadLetters: deadLetters(0) })], [mixed.event]);
    expect(kept.outcomes).toEqual(["dead_lettered"]);
    expect(lost.outcomes).toEqual(["failed"]);
    expect(mixed.outcomes).toEqual(["failed"]);
  });

  it("dropped by a full queue: 'dropped' (a source can take it back and offer it again)", async () => {
    // (offer() of a group larger than an empty queue's bound takes it whole: emit them one by one.)
    const pipeline = createPipeline({ callbacks: [cb("one", hanging, { maxQueueEvents: 1, queueFullPolicy: "drop_newest", batchSize: 1 })], onWarning: () => {} });
    const a = tracked("a");
    const b = tracked("b");
    pipeline.emit(a.event);
    pipeline.emit(b.event);
    expect(b.outcomes).toEqual(["dropped"]);
    await pipeline.shutdown({ deadlineMs: 10 });
    expect(a.outcomes).toEqual(["aborted"]);
  });

  it("aborted at the shutdown deadline: 'aborted', and not written to the dead letters (its source keeps it)", async () => {
    const written: DeliveryReport[] = [];
    const a = tracked("a");
    const plain = createLogEvent({ id: "plain" } as never);
    await run(
      [cb("one", hanging, { deadLetters: { write: async (r) => (written.push(r), r.events.length), close: async () => {} } })],
      [a.event, plain],
      20,
    );
    expect(a.outcomes).toEqual(["aborted"]);
    expect(written.flatMap((r) => r.events.map((e) => e.payload.id))).toEqual(["plain"]);
  });

  it("emitted after shutdown: 'dropped'", async () => {
    const pipeline = createPipeline({ callbacks: [cb("one", ok)], onWarning: () => {} });
    await pipeline.shutdown();
    const a = tracked("a");
    pipeline.emit(a.event);
    expect(a.outcomes).toEqual(["dropped"]);
  });

  it("worseOutcome: what a source must act on wins", () => {
    expect(worseOutcome("delivered", "filtered")).toBe("delivered");
    expect(worseOutcome("delivered", "dead_lettered")).toBe("dead_lettered");
    expect(worseOutcome("dead_lettered", "failed")).toBe("failed");
    expect(worseOutcome("failed", "dropped")).toBe("dropped");
    expect(worseOutcome("aborted", "dropped")).toBe("aborted");
  });
});
