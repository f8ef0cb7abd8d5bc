import { describe, expect, it } from "vitest";
import { summarize, tables, type RunRecord } from "./report.js";
import type { DriverName, DriverResult } from "./types.js";

function record(run: number, driver: DriverName, cpuUsPerEvent: number, eventsPerSecond: number): RunRecord {
  const result = {
    driver,
    phase: "full",
    scenario: "steady",
    runId: `r${run}-${driver}`,
    events: 1000,
    paths: ["/a"],
    expectedPerPath: 1000,
    callerNsPerEvent: null,
    callerNsMedianChunk: null,
    elapsedMs: 1000,
    eventsPerSecond,
    delivered: 1000,
    lost: 0,
    duplicated: 0,
    bytes: 0,
    requests: 10,
    rejectedRequests: 0,
    parseErrors: 0,
    cpuUs: cpuUsPerEvent * 1000,
    cpuUsPerEvent,
    peakRssBytes: 0,
    baselineRssBytes: 0,
    loopDelayMaxMs: null,
    loopDelayP99Ms: null,
    stalls: null,
    completedBy: "exit",
    notes: [],
    extra: {},
  } satisfies DriverResult;
  return { run, phase: "full", scenario: "steady", driver, ok: true, wallMs: 1000, result };
}

describe("variants against their base", () => {
  const records = [
    record(1, "hookline-relay", 50, 1000),
    record(1, "hookline-relay-js", 65, 800),
    record(2, "hookline-relay", 40, 2000),
    record(2, "hookline-relay-js", 44, 2000),
    record(3, "hookline-relay", 60, 1000),
    record(3, "hookline-relay-js", 72, 900),
  ];

  it("takes each run's ratio against the base of the same run, sorted", () => {
    const js = summarize(records).find((row) => row.driver === "hookline-relay-js")!;
    expect(js.baseRatiosCpuPerEvent!.map((v) => v.toFixed(2))).toEqual(["1.10", "1.20", "1.30"]);
    expect(js.baseRatiosEventsPerSecond!.map((v) => v.toFixed(2))).toEqual(["0.80", "0.90", "1.00"]);
    expect(summarize(records).find((row) => row.driver === "hookline-relay")!.baseRatiosCpuPerEvent).toBeNull();
  });

  it("prints them in a table of their own: the median and the lowest and highest run", () => {
    const table = tables(summarize(records), 1000).find((t) => t.title.startsWith("Variants"))!;
    expect(table.rows).toHaveLength(1);
    const row = table.rows[0]!;
    const cell = (name: string, nth = 0) => row[table.header.map((h, i) => [h, i] as const).filter(([h]) => h === name)[nth]![1]];
    expect(cell("variant")).toBe("hookline-relay-js");
    expect(cell("base")).toBe("hookline-relay");
    expect(cell("× base", 1)).toBe("1.20×");
    expect(cell("× base, runs", 1)).toBe("1.10×–1.30×");
    expect(cell("× base, runs", 0)).toBe("0.80×–1.00×");
    expect(cell("base CPU µs/event")).toBe("50.0");
  });
});
