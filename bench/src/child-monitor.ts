/**
 * Preloaded into the relay process (`hookline run` or the limit relay) by the relay driver
 * (`node --import .../child-monitor.js`): bench instrumentation, not product code. On SIGUSR2 it
 * (re)starts measuring: CPU time (process.cpuUsage), event-loop delay (monitorEventLoopDelay,
 * 1 ms resolution), garbage collections by kind and, with BENCH_MONITOR_STALLS=1, the loop
 * thread's own longest busy stretch (stall-monitor.ts). On exit it writes them, with the kernel's
 * peak RSS, to $BENCH_MONITOR_FILE.
 */
import { writeFileSync } from "node:fs";
import { constants, monitorEventLoopDelay, PerformanceObserver, type PerformanceEntry } from "node:perf_hooks";
import { StallMonitor, type StallFigures } from "./stall-monitor.js";

const file = process.env["BENCH_MONITOR_FILE"];
if (file) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const stallMonitor = process.env["BENCH_MONITOR_STALLS"] === "1" ? new StallMonitor() : undefined;
  let stallsStarted = false;
  let cpu0 = process.cpuUsage();
  let resetAt = 0;
  const gcs = { major: 0, minor: 0, majorMs: 0 };
  const countGcs = (entries: readonly PerformanceEntry[]): void => {
    for (const entry of entries) {
      if ((entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        gcs.major += 1;
        gcs.majorMs += entry.duration;
      } else {
        gcs.minor += 1;
      }
    }
  };
  const observer = new PerformanceObserver((list) => countGcs(list.getEntries()));
  process.on("SIGUSR2", () => {
    histogram.reset();
    histogram.enable();
    if (stallMonitor && !stallsStarted) {
      stallsStarted = true;
      stallMonitor.start();
    }
    cpu0 = process.cpuUsage();
    resetAt = performance.timeOrigin + performance.now();
    countGcs(observer.takeRecords());
    Object.assign(gcs, { major: 0, minor: 0, majorMs: 0 });
    observer.observe({ entryTypes: ["gc"] });
  });
  process.on("exit", (code) => {
    histogram.disable();
    const stalls: StallFigures | undefined = stallsStarted ? stallMonitor?.stop() : undefined;
    countGcs(observer.takeRecords());
    const cpu = process.cpuUsage(cpu0);
    const report = {
      resetAt,
      exitAt: performance.timeOrigin + performance.now(),
      exitCode: code,
      cpuUs: cpu.user + cpu.system,
      loopDelayMaxMs: histogram.count > 0 ? histogram.max / 1e6 : null,
      loopDelayP99Ms: histogram.count > 0 ? histogram.percentile(99) / 1e6 : null,
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
      majorGcs: gcs.major,
      minorGcs: gcs.minor,
      majorGcPauseMs: gcs.majorMs,
      stalls,
    };
    writeFileSync(file, JSON.stringify(report));
  });
}
