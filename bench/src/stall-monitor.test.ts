import { closeSync, openSync, readSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseSchedstat, StallAccumulator, StallMonitor } from "./stall-monitor.js";

describe("parseSchedstat", () => {
  it("reads run and wait nanoseconds", () => {
    expect(parseSchedstat("135713674 3730571 32\n")).toEqual({ runNs: 135713674, waitNs: 3730571 });
    expect(parseSchedstat("0 0 0")).toEqual({ runNs: 0, waitNs: 0 });
  });

  it("refuses anything else", () => {
    expect(parseSchedstat("")).toBeUndefined();
    expect(parseSchedstat("n/a")).toBeUndefined();
  });
});

describe("StallAccumulator", () => {
  const ms = 1e6;
  it("charges the process with a tick's lateness less its wait for a CPU", () => {
    const acc = new StallAccumulator(1 * ms);
    const readings = [
      { atNs: 0, runNs: 0, waitNs: 0 },
      { atNs: 1 * ms, runNs: 0.1 * ms, waitNs: 0 }, // on time
      { atNs: 4.5 * ms, runNs: 2.6 * ms, waitNs: 0 }, // 2.5 ms late, all of it running: own 2.5
      { atNs: 10.5 * ms, runNs: 3.0 * ms, waitNs: 5 * ms }, // 5 ms late, 5 ms waiting for a CPU: own 0
      { atNs: 14.6 * ms, runNs: 5.1 * ms, waitNs: 6 * ms }, // 3.1 ms late, 1 ms waiting: own 2.1
      { atNs: 19.6 * ms, runNs: 5.2 * ms, waitNs: 6 * ms }, // 4 ms late, but only 0.1 ms of CPU (paused by the host): own 0.1
    ];
    for (const reading of readings) acc.add(reading);
    const figures = acc.figures();
    expect(figures.intervals).toBe(5);
    expect(figures.ownStallMaxMs).toBeCloseTo(2.5, 9);
    expect(figures.ownStallsOver2Ms).toBe(2);
    expect(figures.busyMaxMs).toBeCloseTo(2.5, 9);
    expect(figures.runqueueWaitMaxMs).toBeCloseTo(5, 9);
  });

  it("has no intervals before two readings", () => {
    const acc = new StallAccumulator(1e6);
    acc.add({ atNs: 7, runNs: 7, waitNs: 7 });
    expect(acc.figures()).toEqual({ ownStallMaxMs: 0, ownStallsOver2Ms: 0, busyMaxMs: 0, runqueueWaitMaxMs: 0, intervals: 0 });
  });
});

/** This thread's CPU time in ns, from the same file the monitor reads. */
function threadRunNs(): number {
  const fd = openSync(`/proc/${process.pid}/task/${process.pid}/schedstat`, "r");
  try {
    process.cpuUsage();
    const buffer = Buffer.alloc(128);
    return parseSchedstat(buffer.toString("latin1", 0, readSync(fd, buffer, 0, 128, 0)))!.runNs;
  } finally {
    closeSync(fd);
  }
}

describe.runIf(process.platform === "linux")("StallMonitor on this thread", () => {
  it("charges a synchronous stretch of 8 ms of CPU to the process", () => {
    const monitor = new StallMonitor();
    expect(monitor.available).toBe(true);
    monitor.start();
    const start = threadRunNs();
    const deadline = Date.now() + 5000;
    while (threadRunNs() - start < 8e6 && Date.now() < deadline);
    const figures = monitor.stop();
    expect(figures.intervals).toBe(1);
    expect(figures.busyMaxMs).toBeGreaterThanOrEqual(8);
    // The stretch took at least its 8 ms of CPU; whatever of it was spent waiting for a CPU is not charged.
    expect(figures.ownStallMaxMs! + figures.runqueueWaitMaxMs!).toBeGreaterThanOrEqual(7);
    expect(figures.ownStallMaxMs).toBeGreaterThan(0);
  });

  it("charges nothing to a stretch that did nothing", () => {
    const monitor = new StallMonitor();
    monitor.start();
    const figures = monitor.stop();
    expect(figures.intervals).toBe(1);
    expect(figures.ownStallMaxMs).toBe(0);
    expect(figures.busyMaxMs).toBeLessThan(2);
  });
});
