/**
 * Preloaded into the relay process (`hookline run` or the limit relay) by the relay driver
 * (`node --import .../child-monitor.js`): bench instrumentation, not product code. On SIGUSR2 it
 * (re)starts measuring: CPU time (process.cpuUsage) and event-loop delay (monitorEventLoopDelay,
 * 1 ms resolution). On exit it writes them, with the kernel's peak RSS, to $BENCH_MONITOR_FILE.
 */
import { writeFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";

const file = process.env["BENCH_MONITOR_FILE"];
if (file) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  let cpu0 = process.cpuUsage();
  let resetAt = 0;
  process.on("SIGUSR2", () => {
    histogram.reset();
    histogram.enable();
    cpu0 = process.cpuUsage();
    resetAt = performance.timeOrigin + performance.now();
  });
  process.on("exit", (code) => {
    histogram.disable();
    const cpu = process.cpuUsage(cpu0);
    const report = {
      resetAt,
      exitAt: performance.timeOrigin + performance.now(),
      exitCode: code,
      cpuUs: cpu.user + cpu.system,
      loopDelayMaxMs: histogram.count > 0 ? histogram.max / 1e6 : null,
      loopDelayP99Ms: histogram.count > 0 ? histogram.percentile(99) / 1e6 : null,
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
    };
    writeFileSync(file, JSON.stringify(report));
  });
}
