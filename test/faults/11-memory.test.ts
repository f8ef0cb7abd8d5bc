/**
 * Fault 11 (memory): a long outage at full input rate. 200k small events go through
 * `createPipeline` in process while the endpoint refuses connections, with max_queue_events
 * 1000. The queue never holds more than the limit, every event is accounted for at every step
 * (sent + failed + dropped + queued/in flight = logged), all of them end up dropped or
 * dead-lettered, and the heap does not grow with the number of events.
 */
import { setImmediate as tick } from "node:timers/promises";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createPipeline, deadLetterFile } from "@hookline/core";
import { httpExporter } from "@hookline/exporters";
import { ndjson } from "@hookline/formatters";
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { within } from "../support/wait-for.js";
import { droppedSum, readDeadLetters } from "./support/accounting.js";
import { recordFigures, useFigures } from "./support/figures.js";
import { reservePort } from "./support/fault-server.js";
import { deadLetterPath, tempDir } from "./support/harness.js";

const cleanup = useCleanup();
useFigures();

/** A real gc() when it can be had (vitest's workers run without --expose-gc). */
function gcFunction(): (() => void) | undefined {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  try {
    setFlagsFromString("--expose-gc");
    return runInNewContext("gc") as () => void;
  } catch {
    return undefined;
  }
}

describe("fault 11: long outage at full input rate", () => {
  it("200k events, endpoint refusing, max_queue_events 1000: queue bounded, every event accounted for, heap bounded", async () => {
    const TOTAL = 200_000;
    const CHUNK = 2000;
    const LIMIT = 1000;
    const dir = await tempDir(cleanup);
    const dead = deadLetterPath(dir);
    const port = await reservePort();
    const pipeline = createPipeline({
      callbacks: [
        {
          name: "api",
          formatter: ndjson(),
          exporter: httpExporter({ url: `http://127.0.0.1:${port}/logs`, headers: { Authorization: "Bearer sk-memory-test" } }),
          batchSize: 100,
          flushIntervalMs: 50,
          maxQueueEvents: LIMIT,
          queueFullPolicy: "drop_oldest",
          retry: { maxRetries: 2, initialDelayMs: 10, maxDelayMs: 50, maxElapsedMs: 0 },
          deadLetters: deadLetterFile(dead),
        },
      ],
    });
    cleanup(() => pipeline.shutdown({ deadlineMs: 1000 }));

    const gc = gcFunction();
    const heap = (): number => {
      gc?.();
      return process.memoryUsage().heapUsed;
    };
    let heapBase = 0;
    let maxDepth = 0;
    let mismatches = 0;
    for (let logged = 0; logged < TOTAL; ) {
      for (let i = 0; i < CHUNK; i++, logged++) {
        pipeline.log({ id: `m-${logged}`, status: "success", model: "gpt-4o", response_cost: 0.001 } as never);
      }
      const m = pipeline.metrics()[0]!;
      maxDepth = Math.max(maxDepth, m.queueDepth);
      if (m.sent + m.failed + droppedSum(m.dropped) + m.queueDepth !== logged) mismatches += 1;
      expect(m.inFlight).toBeLessThanOrEqual(m.queueDepth);
      if (logged === 20_000) heapBase = heap();
      // Let the sender, timers and sockets run between chunks, as a busy server would.
      await tick();
    }
    const heapEnd = heap();
    const before = pipeline.metrics()[0]!;
    const report = await within(pipeline.shutdown({ deadlineMs: 2000 }), 5000, "shutdown");
    const m = report.callbacks[0]!;
    const letters = await readDeadLetters(dead);
    const growthMb = (heapEnd - heapBase) / 1024 / 1024;
    recordFigures({
      scenario: "11 200k events, refused endpoint, max_queue_events 1000 (createPipeline)",
      sent: TOTAL,
      delivered: m.sent,
      duplicates: 0,
      deadLettered: letters.length,
      dropped: droppedSum(m.dropped),
      requests: m.requests.error,
      retries: m.retried,
      notes: `max queueDepth ${maxDepth}; before shutdown: queued ${before.queueDepth}, failed ${before.failed}; heap growth 20k->200k ${growthMb.toFixed(1)} MB (${gc ? "after gc" : "no gc"}); drained ${report.drained}`,
    });

    expect(mismatches).toBe(0);
    expect(maxDepth).toBeLessThanOrEqual(LIMIT);
    expect(m.sent).toBe(0);
    expect(m.requests.error).toBeGreaterThan(0);
    // Every event: dropped (queue full) or failed, and every failed one is in the dead letters.
    expect(droppedSum(m.dropped) + m.failed).toBe(TOTAL);
    expect(m.dropped.queue_full).toBe(droppedSum(m.dropped));
    expect(letters.length).toBe(m.failed);
    expect(m.deadLettered).toBe(m.failed);
    expect(new Set(letters.map((l) => l.id)).size).toBe(letters.length);
    expect(m.queueDepth).toBe(0);
    // 200k events through a 1000-event queue: the heap must not hold them (a few MB of noise).
    if (gc) expect(growthMb).toBeLessThan(32);
  });
});
