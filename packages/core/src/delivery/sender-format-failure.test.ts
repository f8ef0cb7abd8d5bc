/**
 * A formatter that throws on one event of a batch costs only that event: the batch is bisected
 * like a 400, and the event that still fails on its own is failed (dead-lettered), not dropped.
 */
import { describe, expect, it } from "vitest";
import type { Exporter, ExportRequest } from "../contracts/exporter.js";
import type { Formatter } from "../contracts/formatter.js";
import { createLogEvent, eventJson, type LogEvent } from "../events/log-event.js";
import { encodeBatch } from "../operators/format.js";
import type { DeliveryReport } from "./delivery-report.js";
import { Sender } from "./sender.js";

/** Lines of JSON, throwing (as a recursive formatter does on a deep payload) when `poison(event)`. */
function fragile(poison: (event: LogEvent) => boolean): Formatter & { encodes: number } {
  const formatter = {
    specificationVersion: 1 as const,
    type: "fragile",
    contentType: "text/plain",
    encodes: 0,
    encode(events: readonly LogEvent[]) {
      formatter.encodes += 1;
      if (events.some(poison)) throw new RangeError("Maximum call stack size exceeded");
      return events.map(eventJson).join("\n");
    },
  };
  return formatter;
}

function recordingExporter() {
  const requests: ExportRequest[] = [];
  const exporter: Exporter = {
    specificationVersion: 1,
    type: "ok",
    export: async (request) => {
      requests.push(request);
      return { kind: "success", status: 200 };
    },
  };
  return { exporter, requests };
}

const events = (n: number): LogEvent[] => Array.from({ length: n }, (_, i) => createLogEvent({ id: `e${i}` }));
const idsIn = (reports: DeliveryReport[], outcome: DeliveryReport["outcome"]): string[] =>
  reports.filter((r) => r.outcome === outcome).flatMap((r) => r.events.map((e) => e.payload.id as string));

describe("Sender: formatter failures", () => {
  it("bisects a batch the formatter throws on: the 9 good events are delivered, the bad one failed with the formatter's reason", async () => {
    const formatter = fragile((event) => event.payload.id === "e6");
    const { exporter, requests } = recordingExporter();
    const reports: DeliveryReport[] = [];
    const sender = new Sender(exporter, {}, { onReport: (r) => reports.push(r) });
    sender.enqueue(encodeBatch(formatter, events(10))[0]!);
    await sender.whenIdle();
    expect(idsIn(reports, "failed")).toEqual(["e6"]);
    expect(idsIn(reports, "delivered").sort()).toEqual(["e0", "e1", "e2", "e3", "e4", "e5", "e7", "e8", "e9"]);
    expect(idsIn(reports, "dropped")).toEqual([]);
    const failed = reports.find((r) => r.outcome === "failed")!;
    expect(failed.reason).toBe("formatter fragile failed: Maximum call stack size exceeded");
    expect(failed.attempts).toBe(0);
    // No request ever carried the event, and the bisection stayed logarithmic.
    expect(requests.every((r) => !String(r.body).includes('"e6"'))).toBe(true);
    expect(formatter.encodes).toBeLessThanOrEqual(1 + 2 * Math.ceil(Math.log2(10)));
  });

  it("a formatter that throws on everything fails every event, one by one, and drops none", async () => {
    const formatter = fragile(() => true);
    const { exporter, requests } = recordingExporter();
    const reports: DeliveryReport[] = [];
    const sender = new Sender(exporter, {}, { onReport: (r) => reports.push(r) });
    sender.enqueue(encodeBatch(formatter, events(8))[0]!);
    await sender.whenIdle();
    expect(idsIn(reports, "failed").sort()).toEqual(["e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7"]);
    expect(reports.every((r) => r.outcome === "failed" && r.events.length === 1)).toBe(true);
    expect(requests).toHaveLength(0);
  });
});
