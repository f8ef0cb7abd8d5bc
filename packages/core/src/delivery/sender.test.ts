import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Exporter, ExportRequest } from "../contracts/exporter.js";
import type { ExportResult } from "../contracts/export-result.js";
import type { Formatter } from "../contracts/formatter.js";
import { createLogEvent, eventJson, loggedEvent, type LogEvent } from "../events/log-event.js";
import type { StandardLoggingPayload } from "../events/standard-logging-payload.js";
import { encodeBatch, type FormattedBatch } from "../operators/format.js";
import type { DeliveryReport } from "./delivery-report.js";
import { SERIALIZE_SLICE_MS, Sender } from "./sender.js";

const lines: Formatter = {
  specificationVersion: 1,
  type: "lines",
  contentType: "text/plain",
  encode: (events) => events.map(eventJson).join("\n"),
};

function events(n: number, from = 0): LogEvent[] {
  return Array.from({ length: n }, (_, i) => createLogEvent({ id: `e${from + i}` }));
}

/** An exporter whose answers a test scripts, recording every request. */
function scriptedExporter(answer: (request: ExportRequest, call: number) => ExportResult | Promise<ExportResult>) {
  const requests: ExportRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const exporter: Exporter = {
    specificationVersion: 1,
    type: "scripted",
    async export(request) {
      requests.push(request);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        return await answer(request, requests.length);
      } finally {
        inFlight -= 1;
      }
    },
  };
  return { exporter, requests, maxInFlight: () => maxInFlight };
}

/** `batch`, with `release` reported to `onRelease`. */
function tracked(batch: FormattedBatch, onRelease: () => void): FormattedBatch {
  return {
    events: batch.events,
    source: batch.source,
    formatter: batch.formatter,
    contentType: batch.contentType,
    get body() {
      return batch.body;
    },
    get bytes() {
      return batch.bytes;
    },
    release: onRelease,
  };
}

function ids(request: ExportRequest): string[] {
  return String(request.body)
    .split("\n")
    .map((line) => (JSON.parse(line) as { id: string }).id);
}

describe("Sender", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("retries retryable failures with backoff until success", async () => {
    const script = scriptedExporter((_, call) => (call < 3 ? { kind: "retryable", reason: "HTTP 503", status: 503 } : { kind: "success", status: 200 }));
    const reports: DeliveryReport[] = [];
    const sender = new Sender(script.exporter, { retry: { maxRetries: 5, initialDelayMs: 100, maxDelayMs: 1000 } }, { onReport: (r) => reports.push(r) });
    for (const b of encodeBatch(lines, events(3))) sender.enqueue(b);
    await vi.advanceTimersByTimeAsync(0);
    expect(script.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(49);
    expect(script.requests).toHaveLength(1); // equal jitter: at least half the delay
    await vi.advanceTimersByTimeAsync(1000);
    expect(script.requests).toHaveLength(3);
    expect(reports).toEqual([expect.objectContaining({ outcome: "delivered", attempts: 3, status: 200 })]);
  });

  it("honours Retry-After beyond the backoff cap maxDelayMs, up to maxRetryAfterMs", async () => {
    const asking = (ms: number) => scriptedExporter((_, call) => (call === 1 ? { kind: "retryable", reason: "HTTP 429", status: 429, retryAfterMs: ms } : { kind: "success" }));
    const patient = asking(5000);
    new Sender(patient.exporter, { retry: { initialDelayMs: 10, maxDelayMs: 300 } }, { onReport: () => {} }).enqueue(encodeBatch(lines, events(1))[0]!);
    await vi.advanceTimersByTimeAsync(4999);
    expect(patient.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2);
    expect(patient.requests).toHaveLength(2);

    const capped = asking(5000);
    new Sender(capped.exporter, { retry: { initialDelayMs: 10, maxDelayMs: 300, maxRetryAfterMs: 3000 } }, { onReport: () => {} }).enqueue(encodeBatch(lines, events(1))[0]!);
    await vi.advanceTimersByTimeAsync(2999);
    expect(capped.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2);
    expect(capped.requests).toHaveLength(2);
  });

  it("fails a batch after maxRetries and never retries other 4xx", async () => {
    const reports: DeliveryReport[] = [];
    const down = scriptedExporter(() => ({ kind: "retryable", reason: "connection refused" }));
    const sender = new Sender(down.exporter, { retry: { maxRetries: 2, initialDelayMs: 10 } }, { onReport: (r) => reports.push(r) });
    sender.enqueue(encodeBatch(lines, events(2))[0]!);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(down.requests).toHaveLength(3);
    expect(reports[0]).toMatchObject({ outcome: "failed", attempts: 3 });
    expect(reports[0]!.reason).toContain("connection refused");

    const refused = scriptedExporter(() => ({ kind: "failure", reason: "HTTP 401", status: 401 }));
    const other = new Sender(refused.exporter, {}, { onReport: (r) => reports.push(r) });
    other.enqueue(encodeBatch(lines, events(2))[0]!);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(refused.requests).toHaveLength(1);
    expect(reports[1]).toMatchObject({ outcome: "failed", status: 401 });
  });

  it("splits on 413 until the pieces fit, dead-lettering a single event that never fits", async () => {
    const reports: DeliveryReport[] = [];
    const script = scriptedExporter((request) => {
      const got = ids(request);
      if (got.includes("e5")) return got.length === 1 ? { kind: "failure", status: 413, reason: "HTTP 413" } : { kind: "failure", status: 413, reason: "HTTP 413" };
      return got.length > 2 ? { kind: "failure", status: 413, reason: "HTTP 413" } : { kind: "success", status: 200 };
    });
    const sender = new Sender(script.exporter, {}, { onReport: (r) => reports.push(r) });
    sender.enqueue(encodeBatch(lines, events(8))[0]!);
    await vi.advanceTimersByTimeAsync(0);
    await sender.whenIdle();
    const delivered = reports.filter((r) => r.outcome === "delivered").flatMap((r) => r.events.map((e) => e.payload.id));
    const failed = reports.filter((r) => r.outcome === "failed").flatMap((r) => r.events.map((e) => e.payload.id));
    expect(failed).toEqual(["e5"]);
    expect(delivered.sort()).toEqual(["e0", "e1", "e2", "e3", "e4", "e6", "e7"]);
    expect(reports.find((r) => r.outcome === "failed")!.reason).toContain("payload too large");
  });

  it("bisects a 400 so only the poison event is dead-lettered", async () => {
    const reports: DeliveryReport[] = [];
    const script = scriptedExporter((request) => (ids(request).includes("e6") ? { kind: "failure", status: 400, reason: "HTTP 400" } : { kind: "success", status: 200 }));
    const sender = new Sender(script.exporter, {}, { onReport: (r) => reports.push(r) });
    sender.enqueue(encodeBatch(lines, events(16))[0]!);
    await vi.advanceTimersByTimeAsync(0);
    await sender.whenIdle();
    const failed = reports.filter((r) => r.outcome === "failed").flatMap((r) => r.events.map((e) => e.payload.id));
    const delivered = reports.filter((r) => r.outcome === "delivered").reduce((n, r) => n + r.events.length, 0);
    expect(failed).toEqual(["e6"]);
    expect(delivered).toBe(15);
    expect(script.requests.length).toBeLessThanOrEqual(1 + 2 * 4 + 1);
  });

  it("keeps at most maxConcurrency requests in flight, and only one probe while the endpoint fails", async () => {
    let healthy = true;
    const script = scriptedExporter(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return healthy ? { kind: "success" } : { kind: "retryable", reason: "HTTP 503", status: 503 };
    });
    const sender = new Sender(script.exporter, { maxConcurrency: 3, retry: { initialDelayMs: 100, maxDelayMs: 200, maxRetries: 1000, maxElapsedMs: 0 } }, { onReport: () => {} });
    for (let i = 0; i < 10; i++) sender.enqueue(encodeBatch(lines, events(1, i))[0]!);
    await vi.advanceTimersByTimeAsync(1);
    expect(script.maxInFlight()).toBe(3);
    healthy = false;
    await vi.advanceTimersByTimeAsync(60);
    const before = script.requests.length;
    let peakWhileDown = 0;
    for (let t = 0; t < 40; t++) {
      await vi.advanceTimersByTimeAsync(25);
      peakWhileDown = Math.max(peakWhileDown, script.requests.length - before);
    }
    // While down, requests are spaced by backoff: one probe at a time, not 3 per 50 ms.
    expect(script.requests.length - before).toBeLessThanOrEqual(8);
    healthy = true;
    await vi.advanceTimersByTimeAsync(5000);
    await sender.whenIdle();
    expect(sender.queuedEvents).toBe(0);
  });

  it("treats an attempt that outlives timeoutMs as retryable", async () => {
    const reports: DeliveryReport[] = [];
    const script = scriptedExporter((_, call) => (call === 1 ? new Promise<ExportResult>(() => {}) : { kind: "success" }));
    const sender = new Sender(script.exporter, { timeoutMs: 1000, retry: { initialDelayMs: 10 } }, { onReport: (r) => reports.push(r) });
    sender.enqueue(encodeBatch(lines, events(1))[0]!);
    await vi.advanceTimersByTimeAsync(1100);
    expect(reports).toEqual([expect.objectContaining({ outcome: "delivered", attempts: 2 })]);
  });

  it("hands a batch's body back once its last attempt is over, and only then", async () => {
    const released: string[] = [];
    const batchOf = (id: string) => tracked(encodeBatch(lines, events(1, Number(id.slice(1))))[0]!, () => released.push(id));
    const script = scriptedExporter((request, call) => {
      if (ids(request)[0] === "e2" && call === 2) return { kind: "retryable", reason: "HTTP 503", status: 503 };
      if (ids(request)[0] === "e3") return { kind: "failure", reason: "HTTP 401", status: 401 };
      return { kind: "success", status: 200 };
    });
    const sender = new Sender(script.exporter, { maxConcurrency: 1, retry: { initialDelayMs: 100 } }, { onReport: () => {} });
    sender.enqueue(batchOf("e1"));
    sender.enqueue(batchOf("e2"));
    sender.enqueue(batchOf("e3"));
    await vi.advanceTimersByTimeAsync(0);
    // e1 delivered; e2 waits for its retry with its body kept; e3 waits behind it.
    expect(released).toEqual(["e1"]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(released).toEqual(["e1", "e2", "e3"]);
  });

  it("keeps the body of a batch delivered after an attempt timed out: that attempt may still be sending it", async () => {
    const released: number[] = [];
    const script = scriptedExporter((_, call) => (call === 1 ? new Promise<ExportResult>(() => {}) : { kind: "success", status: 200 }));
    const reports: DeliveryReport[] = [];
    const sender = new Sender(script.exporter, { timeoutMs: 1000, retry: { initialDelayMs: 10 } }, { onReport: (r) => reports.push(r) });
    sender.enqueue(tracked(encodeBatch(lines, events(1))[0]!, () => released.push(1)));
    await vi.advanceTimersByTimeAsync(1100);
    expect(reports).toEqual([expect.objectContaining({ outcome: "delivered", attempts: 2 })]);
    expect(released).toEqual([]);
  });

  it("keeps the body of an attempt that timed out: the exporter may still be sending it", async () => {
    const released: number[] = [];
    const script = scriptedExporter(() => new Promise<ExportResult>(() => {}));
    const reports: DeliveryReport[] = [];
    const sender = new Sender(script.exporter, { timeoutMs: 1000, retry: { maxRetries: 0 } }, { onReport: (r) => reports.push(r) });
    sender.enqueue(tracked(encodeBatch(lines, events(1))[0]!, () => released.push(1)));
    await vi.advanceTimersByTimeAsync(1100);
    expect(reports).toEqual([expect.objectContaining({ outcome: "failed" })]);
    expect(released).toEqual([]);
  });

  it("abort fails what is queued and in flight", async () => {
    const reports: DeliveryReport[] = [];
    const script = scriptedExporter(
      (_, __) => new Promise<ExportResult>(() => {}),
    );
    const sender = new Sender(script.exporter, { maxConcurrency: 1, timeoutMs: 60_000 }, { onReport: (r) => reports.push(r) });
    sender.enqueue(encodeBatch(lines, events(2))[0]!);
    sender.enqueue(encodeBatch(lines, events(3, 2))[0]!);
    await vi.advanceTimersByTimeAsync(0);
    expect(sender.abort("shutdown deadline")).toBe(5);
    expect(reports.map((r) => [r.outcome, r.events.length])).toEqual([["failed", 3], ["failed", 2]]);
    await sender.whenIdle();
  });
});

describe("Sender: serializing a batch a slice at a time", () => {
  /** A formatter that writes each event's JSON text, so the sender serializes its payloads ahead. */
  const ndjsonLike: Formatter = { ...lines, type: "ndjson-like", readsEventJson: true };

  /** Payloads that record in which turn of the event loop they were serialized. */
  function turnTracked(n: number, turn: () => number, serializedIn: number[]) {
    return Array.from({ length: n }, (_, i) =>
      loggedEvent(
        {
          id: `s${i}`,
          toJSON() {
            serializedIn.push(turn());
            return { id: `s${i}` };
          },
        } as unknown as StandardLoggingPayload,
        "llm_api_success",
        false,
      ),
    );
  }

  /** Counts turns of the event loop (one per check phase) until `stop()`. */
  function turnCounter() {
    let turn = 0;
    let running = true;
    const tick = (): void => {
      turn += 1;
      if (running && turn < 10_000) setImmediate(tick);
    };
    setImmediate(tick);
    return { turn: () => turn, stop: () => (running = false) };
  }

  afterEach(() => vi.restoreAllMocks());
  // The serialization budget is one per event-loop iteration for the whole process: let the
  // iteration of the test before end, so each test starts with a fresh budget.
  beforeEach(() => new Promise<void>((resolve) => setImmediate(resolve)));

  /** A virtual clock for performance.now(): each reading `step` ms after the one before; never goes back. */
  let virtualNow = 0;
  const tickingClock = (step: number) => vi.spyOn(performance, "now").mockImplementation(() => (virtualNow += step));

  /** The same body, written by the sender payload by payload (a formatter with a frame). */
  const framed: Formatter = { ...lines, type: "framed", frame: { prefix: "", separator: "\n", suffix: "" } };

  it.each([
    ["keeping each text until the body is encoded", ndjsonLike],
    ["writing each text into the body at once (a frame)", framed],
  ])("serializes at most SERIALIZE_SLICE_MS of payloads per turn, %s, then sends the whole body once", async (_how, formatter) => {
    // Virtual clock: every reading is 0.2 ms after the one before, so a 0.5 ms slice takes 3 payloads.
    tickingClock(0.2);
    expect(SERIALIZE_SLICE_MS).toBe(0.5);
    const turns = turnCounter();
    const serializedIn: number[] = [];
    const batchEvents = turnTracked(10, turns.turn, serializedIn);
    const script = scriptedExporter(() => ({ kind: "success", status: 200 }));
    const reports: DeliveryReport[] = [];
    const sender = new Sender(script.exporter, {}, { onReport: (r) => reports.push(r) });
    sender.enqueue(encodeBatch(formatter, batchEvents)[0]!);
    await sender.whenIdle();
    turns.stop();

    const perTurn = new Map<number, number>();
    for (const turn of serializedIn) perTurn.set(turn, (perTurn.get(turn) ?? 0) + 1);
    expect(serializedIn).toHaveLength(10); // each payload once
    // Each event-loop iteration has a 0.5 ms budget: at most 3 payloads of 0.2 ms each.
    expect(Math.max(...perTurn.values())).toBeLessThanOrEqual(3);
    expect(perTurn.size).toBeGreaterThanOrEqual(4);
    expect(script.requests).toHaveLength(1);
    expect(ids(script.requests[0]!)).toEqual(batchEvents.map((_, i) => `s${i}`));
    expect(reports).toEqual([expect.objectContaining({ outcome: "delivered" })]);
    // Events that do not keep their JSON (a single-callback pipeline) let the texts go with the body.
    expect(batchEvents.map((event) => event.json)).toEqual(batchEvents.map(() => undefined));
  });

  it("goes on serializing under an application's fake timers, whether or not it advances them", async () => {
    vi.useFakeTimers(); // replaces the global setImmediate too
    try {
      tickingClock(0.2);
      const script = scriptedExporter(() => ({ kind: "success", status: 200 }));
      const reports: DeliveryReport[] = [];
      const sender = new Sender(script.exporter, {}, { onReport: (r) => reports.push(r) });
      sender.enqueue(encodeBatch(ndjsonLike, turnTracked(10, () => 0, []))[0]!);
      await sender.whenIdle();
      expect(reports).toEqual([expect.objectContaining({ outcome: "delivered", events: expect.any(Array) })]);
      expect(ids(script.requests[0]!)).toHaveLength(10);
    } finally {
      vi.useRealTimers();
    }
  });

  it("leaves a formatter that does not read eventJson alone: it encodes in one go", async () => {
    tickingClock(0.2);
    const turns = turnCounter();
    const serializedIn: number[] = [];
    const script = scriptedExporter(() => ({ kind: "success", status: 200 }));
    const sender = new Sender(script.exporter, {}, { onReport: () => {} });
    sender.enqueue(encodeBatch(lines, turnTracked(10, turns.turn, serializedIn))[0]!);
    await sender.whenIdle();
    turns.stop();
    expect(new Set(serializedIn).size).toBe(1);
    expect(serializedIn).toHaveLength(10);
  });

  it("keeps a batch being serialized in the queue, and fails it if aborted meanwhile", async () => {
    tickingClock(0.2);
    const serializedIn: number[] = [];
    const script = scriptedExporter(() => ({ kind: "success", status: 200 }));
    const reports: DeliveryReport[] = [];
    const sender = new Sender(script.exporter, { maxConcurrency: 1 }, { onReport: (r) => reports.push(r) });
    sender.enqueue(encodeBatch(ndjsonLike, turnTracked(10, () => 0, serializedIn))[0]!);
    sender.enqueue(encodeBatch(ndjsonLike, turnTracked(2, () => 0, serializedIn))[0]!);
    await Promise.resolve(); // the pump's microtask: the first batch serializes its first slice
    const first = serializedIn.length;
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(10);
    expect(sender.queuedEvents).toBe(12);
    expect(sender.inFlightEvents).toBe(0);
    expect(sender.abort("shutdown deadline")).toBe(12);
    expect(reports.map((r) => [r.outcome, r.events.length, r.aborted])).toEqual([
      ["failed", 10, true],
      ["failed", 2, true],
    ]);
    await sender.whenIdle();
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(serializedIn).toHaveLength(first); // nothing more serialized after the abort
    expect(script.requests).toHaveLength(0);
  });

  it("serializes the next batch while every request slot is taken, so its body is ready when one frees", async () => {
    tickingClock(0.01);
    const serializedIn: number[] = [];
    let answer!: () => void;
    const script = scriptedExporter(() => new Promise<ExportResult>((resolve) => (answer = () => resolve({ kind: "success", status: 200 }))));
    const sender = new Sender(script.exporter, { maxConcurrency: 1 }, { onReport: () => {} });
    sender.enqueue(encodeBatch(ndjsonLike, turnTracked(3, () => 1, serializedIn))[0]!);
    sender.enqueue(encodeBatch(ndjsonLike, turnTracked(3, () => 2, serializedIn))[0]!);
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(script.requests).toHaveLength(1);
    // The second batch waits for the only slot with its payloads already serialized.
    expect(serializedIn).toEqual([1, 1, 1, 2, 2, 2]);
    answer();
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(script.requests).toHaveLength(2);
    answer();
    await sender.whenIdle();
  });
});
