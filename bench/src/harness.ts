/** Measurement pieces shared by the driver processes. */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { setImmediate as yieldToLoop, setTimeout as sleep } from "node:timers/promises";
import type { StandardLoggingPayload } from "@hookline/core";
import { StallMonitor, type StallFigures } from "./stall-monitor.js";
import type { DriverResult, DriverSpec, ReceiverStats } from "./types.js";
import { RESULT_PREFIX } from "./types.js";

/** Wall-clock epoch ms with sub-ms precision, comparable across processes on this machine. */
export const now = (): number => performance.timeOrigin + performance.now();

export async function receiverStats(receiverUrl: string): Promise<ReceiverStats> {
  const response = await fetch(`${receiverUrl}/stats`);
  if (!response.ok) throw new Error(`receiver /stats answered ${response.status}`);
  return (await response.json()) as ReceiverStats;
}

export async function receiverControl(receiverUrl: string, body: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${receiverUrl}/control`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`receiver /control answered ${response.status}`);
  await response.arrayBuffer();
}

/** Samples an RSS source every `intervalMs` and keeps the peak. */
export class RssSampler {
  #timer: NodeJS.Timeout | undefined;
  peak = 0;
  samples = 0;
  constructor(private readonly read: () => number) {}

  start(intervalMs = 20): void {
    this.sample();
    this.#timer = setInterval(() => this.sample(), intervalMs);
    this.#timer.unref();
  }

  sample(): void {
    const rss = this.read();
    this.samples++;
    if (rss > this.peak) this.peak = rss;
  }

  stop(): number {
    this.sample();
    clearInterval(this.#timer);
    return this.peak;
  }
}

/** RSS of another process from /proc (Linux), bytes; 0 once it has exited. */
export function procRss(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Runs two full GCs when the process has --expose-gc; false when it has not. */
export function collectGarbage(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return gc !== undefined;
}

/** RSS after a full GC (when the driver runs with --expose-gc). */
export function settledRss(): number {
  collectGarbage();
  return process.memoryUsage.rss();
}

/** What a driver under test offers the harness. */
export interface Subject<T = StandardLoggingPayload> {
  /** Receiver paths it sends to; each should end with every event's id once. */
  readonly paths: readonly string[];
  /** True when `finish()` waits for delivery (a flush/shutdown); false for fire-and-forget libraries. */
  readonly hasFlush: boolean;
  /** The synchronous call whose cost is measured. */
  log(event: T): void;
  /** Flush and shut down (or just stop timers when the library has no flush). */
  finish(): Promise<void>;
  /** Library counters to report. */
  extra?(): Record<string, unknown>;
  readonly notes?: readonly string[];
}

export interface CallerCost {
  totalNs: bigint;
  chunkNsPerEvent: number[];
}

/**
 * Logs every event as fast as the caller can, `chunk` events between two yields to the event
 * loop, timing only the synchronous calls (hrtime.bigint around each chunk; generation was done
 * before).
 */
export async function fullRate<T>(events: readonly T[], log: (event: T) => void, chunk: number): Promise<CallerCost> {
  let totalNs = 0n;
  const chunkNsPerEvent: number[] = [];
  for (let start = 0; start < events.length; start += chunk) {
    const end = Math.min(events.length, start + chunk);
    const t0 = process.hrtime.bigint();
    for (let i = start; i < end; i++) log(events[i]!);
    const dt = process.hrtime.bigint() - t0;
    totalNs += dt;
    chunkNsPerEvent.push(Number(dt) / (end - start));
    await yieldToLoop();
  }
  return { totalNs, chunkNsPerEvent };
}

/** Logs events at `rate` per second in 10 ms ticks (absolute schedule, so no drift). */
export async function paced<T>(events: readonly T[], log: (event: T) => void, rate: number): Promise<CallerCost> {
  const tickMs = 10;
  const perTick = Math.max(1, Math.round((rate * tickMs) / 1000));
  const t0 = performance.now();
  let totalNs = 0n;
  const chunkNsPerEvent: number[] = [];
  for (let start = 0, tick = 0; start < events.length; start += perTick, tick++) {
    const wait = t0 + tick * tickMs - performance.now();
    if (wait >= 1) await sleep(wait);
    const end = Math.min(events.length, start + perTick);
    const c0 = process.hrtime.bigint();
    for (let i = start; i < end; i++) log(events[i]!);
    const dt = process.hrtime.bigint() - c0;
    totalNs += dt;
    chunkNsPerEvent.push(Number(dt) / (end - start));
  }
  return { totalNs, chunkNsPerEvent };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface DeliveryWait {
  readonly stats: ReceiverStats;
  readonly by: "receiver" | "quiet" | "timeout";
}

/**
 * Polls the receiver until every path has `expected` distinct ids, or nothing arrived at any
 * path for `quietMs`, or `deadline` (epoch ms) passes. Bounded by the deadline.
 */
export async function waitForDelivery(spec: DriverSpec, paths: readonly string[], expected: number, since: number, deadline: number): Promise<DeliveryWait> {
  for (;;) {
    const stats = await receiverStats(spec.receiverUrl);
    const perPath = paths.map((path) => stats.paths[path]);
    if (perPath.every((p) => p !== undefined && p.distinct >= expected)) return { stats, by: "receiver" };
    const lastActivity = Math.max(since, ...perPath.map((p) => p?.lastAt ?? 0));
    if (stats.now - lastActivity >= spec.quietMs) return { stats, by: "quiet" };
    if (now() >= deadline) return { stats, by: "timeout" };
    await sleep(50);
  }
}

/** Sums the receiver's counts over `paths`. */
export function delivery(stats: ReceiverStats, paths: readonly string[], expectedPerPath: number) {
  let distinct = 0;
  let duplicates = 0;
  let bytes = 0;
  let requests = 0;
  let rejected = 0;
  let parseErrors = 0;
  let lastNewAt = 0;
  const parseMessages: string[] = [];
  for (const path of paths) {
    const p = stats.paths[path];
    if (!p) continue;
    distinct += p.distinct;
    duplicates += p.duplicates;
    bytes += p.bytes;
    requests += p.requests;
    rejected += p.rejectedRequests;
    parseErrors += p.parseErrors;
    if (p.lastParseError) parseMessages.push(`${path}: ${p.lastParseError}`);
    lastNewAt = Math.max(lastNewAt, p.lastNewAt);
  }
  return { distinct, duplicates, bytes, requests, rejected, parseErrors, parseMessages, lastNewAt, lost: expectedPerPath * paths.length - distinct };
}

export interface Measured {
  readonly callerNs: bigint | null;
  readonly chunkNsPerEvent: readonly number[];
  readonly startedAt: number;
  /** When the driver's own flush/shutdown resolved (or the calls ended, without a flush). */
  readonly finishedAt: number;
  readonly cpuUs: number;
  readonly peakRss: number;
  readonly baselineRss: number;
  readonly loopDelayMaxMs: number | null;
  readonly loopDelayP99Ms: number | null;
  readonly stalls: StallFigures | null;
  readonly stats: ReceiverStats;
  readonly completedBy: DriverResult["completedBy"];
}

/** Turns measurements into the result line's figures. */
export function buildResult(spec: DriverSpec, paths: readonly string[], events: number, measured: Measured, notes: string[], extra: Record<string, unknown>): DriverResult {
  const d = delivery(measured.stats, paths, events);
  if (paths.length > 1) {
    extra = { ...extra, distinctPerPath: Object.fromEntries(paths.map((path) => [path, measured.stats.paths[path]?.distinct ?? 0])) };
  }
  if (measured.chunkNsPerEvent.length > 0) {
    const sorted = [...measured.chunkNsPerEvent].sort((a, b) => a - b);
    const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
    // maxAt: which chunk was the slowest (0 = the first calls of the run).
    const max = sorted[sorted.length - 1]!;
    const maxAt = measured.chunkNsPerEvent.indexOf(max);
    extra = { ...extra, callerChunkNsPerEvent: { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: Math.round(max), maxAt, chunks: sorted.length } };
  }
  // The run ends when the driver's flush completed and the receiver has the last new id.
  const end = Math.max(measured.finishedAt, d.lastNewAt);
  const elapsedMs = end - measured.startedAt;
  if (d.parseErrors > 0) notes.push(`receiver could not parse ${d.parseErrors} body(ies): ${d.parseMessages.join("; ")}`);
  return {
    driver: spec.driver,
    phase: spec.phase,
    scenario: spec.scenario,
    runId: spec.runId,
    events,
    paths,
    expectedPerPath: events,
    callerNsPerEvent: measured.callerNs === null ? null : Number(measured.callerNs) / events,
    callerNsMedianChunk: measured.callerNs === null ? null : median(measured.chunkNsPerEvent),
    elapsedMs,
    eventsPerSecond: d.distinct / paths.length / (elapsedMs / 1000),
    delivered: d.distinct,
    lost: d.lost,
    duplicated: d.duplicates,
    bytes: d.bytes,
    requests: d.requests,
    rejectedRequests: d.rejected,
    parseErrors: d.parseErrors,
    cpuUs: measured.cpuUs,
    cpuUsPerEvent: measured.cpuUs / events,
    peakRssBytes: measured.peakRss,
    baselineRssBytes: measured.baselineRss,
    loopDelayMaxMs: measured.loopDelayMaxMs,
    loopDelayP99Ms: measured.loopDelayP99Ms,
    stalls: measured.stalls,
    completedBy: measured.completedBy,
    notes,
    extra,
  };
}

/**
 * Warm-up: `events` through a throw-away instance (its own receiver path) until the receiver has
 * them all, so the measured run sees JIT-compiled code, as a long-running application does.
 */
export async function warmUp<T>(spec: DriverSpec, subject: Subject<T>, events: readonly T[]): Promise<void> {
  if (events.length === 0) return;
  for (let start = 0; start < events.length; start += spec.chunk) {
    const end = Math.min(events.length, start + spec.chunk);
    for (let i = start; i < end; i++) subject.log(events[i]!);
    await yieldToLoop();
  }
  const deadline = now() + 30_000;
  if (subject.hasFlush) await Promise.race([subject.finish(), sleep(30_000)]);
  await waitForDelivery({ ...spec, quietMs: Math.min(spec.quietMs, 2000) }, subject.paths, events.length, now(), deadline);
  if (!subject.hasFlush) await subject.finish();
}

/**
 * The in-process measurement: full rate (caller cost, events/s, CPU, RSS) or paced (the same
 * plus event-loop delay). `events` were generated before the call. `make` builds an instance
 * for a run id: one for the warm-up, one measured.
 */
export async function measureInProcess<T>(spec: DriverSpec, make: (runId: string) => Subject<T>, events: readonly T[], warmupEvents: () => readonly T[]): Promise<DriverResult> {
  // Warm fetch up (undici's fetch loads lazily) so the polling below costs no start-up CPU in the run.
  await receiverStats(spec.receiverUrl);
  await warmUp(spec, make(`${spec.runId}-warmup`), warmupEvents());
  await receiverControl(spec.receiverUrl, { ...spec.control, reset: true });
  const subject = make(spec.runId);
  const notes = [...(subject.notes ?? [])];
  const baselineRss = settledRss();
  const rss = new RssSampler(() => process.memoryUsage.rss());
  const histogram = spec.phase === "paced" ? monitorEventLoopDelay({ resolution: 1 }) : undefined;
  const stallMonitor = spec.phase === "paced" ? new StallMonitor() : undefined;
  const deadline = now() + spec.timeoutMs;

  const profiler = spec.profileDir ? await startProfiler() : undefined;
  rss.start(20);
  histogram?.enable();
  stallMonitor?.start();
  const cpu0 = process.cpuUsage();
  const startedAt = now();
  const cost = spec.phase === "paced" ? await paced(events, (e) => subject.log(e), spec.pacedRate) : await fullRate(events, (e) => subject.log(e), spec.chunk);
  const callsDoneAt = now();

  let finishedAt: number;
  let wait: DeliveryWait;
  let cpu: NodeJS.CpuUsage;
  if (subject.hasFlush) {
    const finished = subject.finish();
    const timedOut = await Promise.race([finished.then(() => false), sleep(Math.max(0, deadline - now())).then(() => true)]);
    finishedAt = now();
    cpu = process.cpuUsage(cpu0);
    if (timedOut) notes.push(`flush/shutdown did not finish within ${spec.timeoutMs} ms`);
    const stats = await receiverStats(spec.receiverUrl);
    wait = { stats, by: timedOut ? "timeout" : "receiver" };
  } else {
    // No flush to wait for: poll the receiver (cheap; counted in CPU) until it has everything or goes quiet.
    wait = await waitForDelivery(spec, subject.paths, events.length, callsDoneAt, deadline);
    cpu = process.cpuUsage(cpu0);
    finishedAt = callsDoneAt;
    await subject.finish();
  }
  histogram?.disable();
  const stalls = stallMonitor?.stop() ?? null;
  const peakRss = rss.stop();
  if (profiler) notes.push(`CPU profile: ${await profiler.stop(spec.profileDir!, `${spec.driver}-${spec.runId}`)}`);

  return buildResult(
    spec,
    subject.paths,
    events.length,
    {
      callerNs: cost.totalNs,
      chunkNsPerEvent: cost.chunkNsPerEvent,
      startedAt,
      finishedAt,
      cpuUs: cpu.user + cpu.system,
      peakRss,
      baselineRss,
      loopDelayMaxMs: histogram ? histogram.max / 1e6 : null,
      loopDelayP99Ms: histogram ? histogram.percentile(99) / 1e6 : null,
      stalls,
      stats: wait.stats,
      completedBy: subject.hasFlush ? (wait.by === "timeout" ? "timeout" : "flush") : wait.by,
    },
    notes,
    subject.extra?.() ?? {},
  );
}

/** Prints the result line the suite reads, then exits (libraries may keep sockets or timers open). */
export function emitResult(result: DriverResult): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`, () => process.exit(0));
}

/** Events for the phase: the full phase uses `spec.events`, the paced one rate × seconds. */
export function eventCount(spec: DriverSpec): number {
  return spec.phase === "paced" ? Math.round(spec.pacedRate * spec.pacedSeconds) : spec.events;
}

/** Starts the V8 CPU profiler in this process (scoped to the measured work, unlike --cpu-prof). */
export async function startProfiler(): Promise<{ stop(dir: string, name: string): Promise<string> }> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 100 });
  await session.post("Profiler.start");
  return {
    async stop(dir, name) {
      const { profile } = await session.post("Profiler.stop");
      session.disconnect();
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${name}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      return file;
    },
  };
}
