import { describe, expect, it } from "vitest";
import type { Exporter, ExportRequest } from "../contracts/exporter.js";
import type { Formatter } from "../contracts/formatter.js";
import { createLogEvent, eventJson } from "../events/log-event.js";
import { encodeBatch } from "../operators/format.js";
import { Sender } from "./sender.js";

const lines: Formatter = { specificationVersion: 1, type: "lines", contentType: "text/plain", encode: (events) => events.map(eventJson).join("\n") };

describe("Sender: the hookline instances a batch's events passed through", () => {
  it("go with the request as `via` (the union of the events' lists); absent when none has one", async () => {
    const requests: ExportRequest[] = [];
    const exporter: Exporter = { specificationVersion: 1, type: "rec", export: async (request) => (requests.push(request), { kind: "success", status: 200 }) };
    let reports = 0;
    const sender = new Sender(exporter, {}, { onReport: () => void (reports += 1) });
    const a = createLogEvent({ id: "a" });
    a.via = ["x1"];
    const b = createLogEvent({ id: "b" });
    b.via = ["x0", "x1"];
    for (const batch of encodeBatch(lines, [a, b])) sender.enqueue(batch);
    for (const batch of encodeBatch(lines, [createLogEvent({ id: "c" })])) sender.enqueue(batch);
    for (let turn = 0; turn < 100 && reports < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
    await sender.whenIdle();
    expect(requests.map((r) => r.via)).toEqual([["x1", "x0"], undefined]);
    expect("via" in requests[1]!).toBe(false);
  });
});
