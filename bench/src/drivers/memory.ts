/**
 * Memory scenario: hookline (ndjson) at full input rate into a long outage with a bounded queue
 * (`maxQueueEvents`). Events are generated on the fly (none are retained by the driver), so RSS
 * growth is what hookline holds. After the input the receiver recovers and shutdown() drains
 * what was kept; every event is then delivered or counted as dropped.
 */
import { setImmediate as yieldToLoop, setTimeout as sleep } from "node:timers/promises";
import type { StandardLoggingPayload } from "@hookline/core";
import { generateEvent } from "../generator.js";
import { buildResult, collectGarbage, now, receiverControl, receiverStats, RssSampler, settledRss } from "../harness.js";
import type { DriverResult, DriverSpec } from "../types.js";
import { hooklineSubject } from "./hookline.js";

/** Heap bytes one generated payload object and its JSON text take, measured on `sample` events. */
function retainedBytesPerEvent(seed: number, sample = 2000): { objectBytes: number; jsonBytes: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return { objectBytes: Number.NaN, jsonBytes: Number.NaN };
  gc();
  const h0 = process.memoryUsage().heapUsed;
  const objects: StandardLoggingPayload[] = [];
  for (let i = 0; i < sample; i++) objects.push(generateEvent(1_000_000 + i, seed));
  gc();
  const h1 = process.memoryUsage().heapUsed;
  const json = objects.map((o) => JSON.stringify(o));
  gc();
  const h2 = process.memoryUsage().heapUsed;
  const result = { objectBytes: (h1 - h0) / sample, jsonBytes: (h2 - h1) / sample };
  objects.length = 0;
  json.length = 0;
  gc();
  return result;
}

export async function runMemory(spec: DriverSpec): Promise<DriverResult> {
  const maxQueueEvents = spec.memory?.maxQueueEvents ?? 10_000;
  const notes: string[] = [];
  await receiverStats(spec.receiverUrl);
  await receiverControl(spec.receiverUrl, { ...spec.control, reset: true });
  const perEvent = retainedBytesPerEvent(spec.seed);
  const subject = hooklineSubject(spec, { maxQueueEvents, retry: { initialDelayMs: 200, maxDelayMs: 1000 } });
  const deadline = now() + spec.timeoutMs;

  const baselineRss = settledRss();
  const baselineHeap = process.memoryUsage().heapUsed;
  const rss = new RssSampler(() => process.memoryUsage.rss());
  rss.start(20);
  const cpu0 = process.cpuUsage();
  const startedAt = now();
  let callerNs = 0n;
  const chunkNs: number[] = [];
  const batch: StandardLoggingPayload[] = new Array(spec.chunk);
  for (let start = 0; start < spec.events; start += spec.chunk) {
    const end = Math.min(spec.events, start + spec.chunk);
    for (let i = start; i < end; i++) batch[i - start] = generateEvent(i, spec.seed);
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < end - start; i++) subject.log(batch[i]!);
    const dt = process.hrtime.bigint() - t0;
    callerNs += dt;
    chunkNs.push(Number(dt) / (end - start));
    batch.fill(undefined as unknown as StandardLoggingPayload);
    await yieldToLoop();
  }
  const inputEndedAt = now();
  const peakDuringInput = rss.peak;
  const atInputEnd = subject.pipeline.metrics()[0]!;
  // What hookline really holds at the bound: the live heap after a full GC, over the baseline.
  const liveHeapAtInputEnd = collectGarbage() ? process.memoryUsage().heapUsed - baselineHeap : Number.NaN;

  // The endpoint comes back; shutdown delivers what the bounded queue kept.
  await receiverControl(spec.receiverUrl, { mode: "steady", reset: false });
  const timedOut = await Promise.race([subject.finish().then(() => false), sleep(Math.max(0, deadline - now())).then(() => true)]);
  const finishedAt = now();
  const cpu = process.cpuUsage(cpu0);
  const peakRss = rss.stop();
  if (timedOut) notes.push(`shutdown did not finish within ${spec.timeoutMs} ms`);
  const stats = await receiverStats(spec.receiverUrl);
  const extra = subject.extra?.() ?? {};
  const dropped = extra["dropped"] as Record<string, number> | undefined;
  const droppedTotal = dropped ? Object.values(dropped).reduce((a, b) => a + b, 0) : Number.NaN;
  // Held events keep their payload object, their cached JSON text and (while retried) a share of a formatted body.
  const boundEstimateBytes = maxQueueEvents * (perEvent.objectBytes + 2 * perEvent.jsonBytes);

  return buildResult(
    spec,
    subject.paths,
    spec.events,
    {
      callerNs,
      chunkNsPerEvent: chunkNs,
      startedAt,
      finishedAt,
      cpuUs: cpu.user + cpu.system,
      peakRss,
      baselineRss,
      loopDelayMaxMs: null,
      loopDelayP99Ms: null,
      stalls: null,
      stats,
      completedBy: timedOut ? "timeout" : "flush",
    },
    notes,
    {
      ...extra,
      maxQueueEvents,
      inputMs: inputEndedAt - startedAt,
      peakRssDuringInputBytes: peakDuringInput,
      liveHeapAtInputEndBytes: liveHeapAtInputEnd,
      queueDepthAtInputEnd: atInputEnd.queueDepth,
      droppedAtInputEnd: Object.values(atInputEnd.dropped).reduce((a, b) => a + b, 0),
      droppedTotal,
      perEventObjectBytes: perEvent.objectBytes,
      perEventJsonBytes: perEvent.jsonBytes,
      boundEstimateBytes,
    },
  );
}
