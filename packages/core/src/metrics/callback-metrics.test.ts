import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CallbackMetricsRecorder } from "./callback-metrics.js";

const delivered = (latencyMs: number) => ({ outcome: "delivered" as const, events: [{ type: "llm_api_success" as const, payload: {} }], source: [], attempts: 1, latencyMs });

describe("CallbackMetricsRecorder", () => {
  it("sums latencies in seconds and reports a zero sum as +0", () => {
    const metrics = new CallbackMetricsRecorder("a");
    expect(Object.is(metrics.snapshot({ queueDepth: 0, inFlight: 0, healthy: true }).latency.sumSeconds, 0)).toBe(true);
    metrics.report(delivered(1500));
    metrics.report(delivered(250));
    const { latency, sent } = metrics.snapshot({ queueDepth: 0, inFlight: 0, healthy: true });
    expect(sent).toBe(2);
    expect(latency.sumSeconds).toBeCloseTo(1.75);
    expect(latency.count).toBe(2);
  });

  it("keeps its hidden class when the first fractional latency arrives (no deoptimization of log())", () => {
    // V8's own view, from a child process that may use its natives syntax: a recorder made before
    // another one records a fractional sum still shares that one's map.
    const module = fileURLToPath(new URL("../../dist/metrics/callback-metrics.js", import.meta.url));
    const script = `
      const { CallbackMetricsRecorder } = await import(${JSON.stringify(module)});
      const first = new CallbackMetricsRecorder("first");
      const second = new CallbackMetricsRecorder("second");
      first.report({ outcome: "delivered", events: [{}], source: [], attempts: 1, latencyMs: 12.5 });
      console.log(%HaveSameMap(first, second));`;
    const out = execFileSync(process.execPath, ["--allow-natives-syntax", "--input-type=module", "-e", script], { encoding: "utf8" });
    expect(out.trim()).toBe("true");
  });
});
