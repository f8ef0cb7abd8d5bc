/**
 * The benchmark suite: `npx -y pnpm@10 bench` (builds, then runs this).
 *
 * Starts the counting receiver (its own process), then runs every driver in its own process,
 * run after run, alternating drivers (the order rotates each run), for each scenario; then the
 * paced (event-loop stall) variant and the memory scenario. Prints the median table and writes
 * bench/results/{latest.json,summary.md,chart.svg}. With BENCH_PROFILE=1 it instead records CPU
 * profiles of the hookline ndjson driver, the limit and the two relays and writes
 * bench/results/profile.md.
 *
 * Knobs (environment): BENCH_EVENTS, BENCH_RUNS, BENCH_SCENARIOS, BENCH_DRIVERS, ... (see README).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, platform, release, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { renderProfile, summarizeProfile } from "./profile-summary.js";
import { memoryRows, memoryTable, renderMarkdown, renderSvg, renderText, summarize, tables, type RunRecord } from "./report.js";
import { DEFAULT_DRIVERS, DRIVERS, PACED_ONLY, RESULT_PREFIX, SCENARIOS, type DriverName, type DriverResult, type DriverSpec, type ReceiverControl, type ReceiverStats } from "./types.js";

const benchDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = resolve(benchDir, "..");
const resultsDir = join(benchDir, "results");
const driverJs = join(benchDir, "dist", "driver.js");
const receiverJs = join(benchDir, "dist", "receiver.js");

const EXTRA_SCENARIOS = ["paced", "memory"] as const;

function intEnv(name: string, fallback: number, min = 1): number {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name}: expected an integer >= ${min}, got "${text}"`);
  return value;
}

function listEnv<T extends string>(name: string, allowed: readonly T[], fallback: readonly T[]): T[] {
  const text = process.env[name];
  if (text === undefined || text.trim() === "") return [...fallback];
  const items = text.split(",").map((s) => s.trim()).filter(Boolean);
  for (const item of items) if (!allowed.includes(item as T)) throw new Error(`${name}: unknown "${item}"; expected some of ${allowed.join(", ")}`);
  return items as T[];
}

const allScenarios = [...SCENARIOS, ...EXTRA_SCENARIOS];
const settings = {
  events: intEnv("BENCH_EVENTS", 50_000),
  runs: intEnv("BENCH_RUNS", 3),
  scenarios: listEnv("BENCH_SCENARIOS", allScenarios, allScenarios),
  drivers: listEnv("BENCH_DRIVERS", DRIVERS, DEFAULT_DRIVERS),
  batchSize: intEnv("BENCH_BATCH_SIZE", 100),
  concurrency: intEnv("BENCH_CONCURRENCY", 4),
  chunk: intEnv("BENCH_CHUNK", 100),
  slowMs: intEnv("BENCH_SLOW_MS", 20, 0),
  outageMs: intEnv("BENCH_OUTAGE_MS", 3000, 0),
  singleSlowEvents: intEnv("BENCH_SINGLE_SLOW_EVENTS", 1000),
  pacedRate: intEnv("BENCH_PACED_RATE", 1000),
  pacedSeconds: intEnv("BENCH_PACED_SECONDS", 3),
  memoryEvents: intEnv("BENCH_MEMORY_EVENTS", 100_000),
  memoryMaxQueue: intEnv("BENCH_MEMORY_MAX_QUEUE", 10_000),
  quietMs: intEnv("BENCH_QUIET_MS", 3000),
  timeoutMs: intEnv("BENCH_TIMEOUT_MS", 120_000),
  // Long enough for V8's compiler to be done before the measured run: with 1,000 events it was
  // still compiling the relay's per-request path, and finishing compilations inside single
  // paced log() calls, during the run.
  warmup: intEnv("BENCH_WARMUP", 20_000, 0),
  seed: intEnv("BENCH_SEED", 20_251_122),
  profile: process.env["BENCH_PROFILE"] === "1",
  profileEvents: intEnv("BENCH_PROFILE_EVENTS", 50_000),
};

// ---------------------------------------------------------------- child processes

const children = new Set<ChildProcess>();

/** Kills every child this suite started (drivers are group leaders, so their own children go too). */
function killChildren(): void {
  for (const child of children) {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) continue;
    try {
      process.kill(child.spawnargs.includes("--exit-with-stdin") ? child.pid : -child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}
process.on("exit", killChildren);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    process.stderr.write(`\n${signal}: stopping the benchmark\n`);
    killChildren();
    process.exit(130);
  });
}

interface Receiver {
  readonly url: string;
  readonly child: ChildProcess;
}

function startReceiver(): Promise<Receiver> {
  const child = spawn(process.execPath, [receiverJs, "--port", "0", "--exit-with-stdin"], { stdio: ["pipe", "pipe", "inherit"] });
  children.add(child);
  return new Promise((resolvePromise, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("receiver did not start within 10 s")), 10_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const line = out.split("\n").find((l) => l.includes('"listening"'));
      if (line) {
        clearTimeout(timer);
        resolvePromise({ url: (JSON.parse(line) as { listening: string }).listening, child });
      }
    });
    child.once("exit", (code) => reject(new Error(`receiver exited with ${code}`)));
  });
}

async function control(receiver: Receiver, body: ReceiverControl): Promise<void> {
  const response = await fetch(`${receiver.url}/control`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`receiver /control answered ${response.status}`);
  await response.arrayBuffer();
}

async function stats(receiver: Receiver): Promise<ReceiverStats> {
  const response = await fetch(`${receiver.url}/stats`);
  return (await response.json()) as ReceiverStats;
}

function runDriver(spec: DriverSpec): Promise<{ result?: DriverResult; error?: string }> {
  const child = spawn(process.execPath, ["--expose-gc", driverJs, JSON.stringify(spec)], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"], detached: true });
  children.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout = (stdout + chunk.toString("utf8")).slice(-4_000_000)));
  child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString("utf8")).slice(-8000)));
  const killTimer = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // gone
    }
  }, spec.timeoutMs + 45_000);
  return new Promise((resolvePromise) => {
    child.once("close", (code, signal) => {
      clearTimeout(killTimer);
      children.delete(child);
      // A driver's own children (a relay driver's relay process) must not outlive it.
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // group already empty
      }
      const line = stdout.split("\n").find((l) => l.startsWith(RESULT_PREFIX));
      if (line) return resolvePromise({ result: JSON.parse(line.slice(RESULT_PREFIX.length)) as DriverResult });
      const tail = stderr.trim().split("\n").slice(-6).join(" | ");
      resolvePromise({ error: `exit ${code ?? signal}: ${tail || "(no output)"}` });
    });
  });
}

// ---------------------------------------------------------------- plan

interface Job {
  readonly run: number;
  readonly phase: DriverSpec["phase"];
  readonly scenario: DriverSpec["scenario"];
  readonly driver: DriverName;
  readonly events: number;
  readonly control: ReceiverControl;
  readonly memory?: { maxQueueEvents: number };
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const k = items.length === 0 ? 0 : by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

function controlFor(scenario: string): ReceiverControl {
  if (scenario === "slow") return { mode: "slow", delayMs: settings.slowMs, reset: true };
  if (scenario === "outage") return { mode: "outage", outageMs: settings.outageMs, reset: true };
  return { mode: "steady", reset: true };
}

function plan(): Job[] {
  const jobs: Job[] = [];
  for (let run = 1; run <= settings.runs; run++) {
    const order = rotate(settings.drivers, run - 1);
    for (const scenario of SCENARIOS) {
      if (!settings.scenarios.includes(scenario)) continue;
      for (const driver of order) {
        if (PACED_ONLY.includes(driver)) continue;
        // One request per event at 20 ms each and 4 in flight is at most 200 events/s: fewer events keep the run short.
        const events = driver === "hookline-single" && scenario === "slow" ? Math.min(settings.events, settings.singleSlowEvents) : settings.events;
        jobs.push({ run, phase: "full", scenario, driver, events, control: controlFor(scenario) });
      }
    }
    if (settings.scenarios.includes("paced")) {
      for (const driver of order) jobs.push({ run, phase: "paced", scenario: "steady", driver, events: settings.pacedRate * settings.pacedSeconds, control: controlFor("steady") });
    }
  }
  if (settings.scenarios.includes("memory")) {
    for (const events of [settings.memoryEvents, settings.memoryEvents * 2]) {
      jobs.push({
        run: 1,
        phase: "memory",
        scenario: "memory",
        driver: "hookline-ndjson",
        events,
        control: { mode: "outage", outageMs: 3_600_000, reset: true },
        memory: { maxQueueEvents: settings.memoryMaxQueue },
      });
    }
  }
  return jobs;
}

function specOf(job: Job, receiver: Receiver, index: number, profileDir?: string): DriverSpec {
  return {
    driver: job.driver,
    phase: job.phase,
    scenario: job.scenario,
    receiverUrl: receiver.url,
    runId: `r${job.run}-${job.phase}-${job.scenario}-${job.driver}-${index}`,
    events: job.events,
    seed: settings.seed,
    chunk: settings.chunk,
    pacedRate: settings.pacedRate,
    pacedSeconds: settings.pacedSeconds,
    quietMs: settings.quietMs,
    timeoutMs: settings.timeoutMs,
    batchSize: settings.batchSize,
    concurrency: settings.concurrency,
    repoRoot,
    warmup: job.phase === "memory" ? 0 : settings.warmup,
    control: job.control,
    ...(job.memory ? { memory: job.memory } : {}),
    ...(profileDir ? { profileDir } : {}),
  };
}

async function runJob(job: Job, receiver: Receiver, index: number, profileDir?: string): Promise<RunRecord> {
  // Steady for the driver's warm-up; the driver switches to the job's mode (with a reset) itself.
  await control(receiver, { mode: "steady", reset: true });
  const t0 = performance.now();
  const { result, error } = await runDriver(specOf(job, receiver, index, profileDir));
  const wallMs = performance.now() - t0;
  const after = await stats(receiver);
  const base = { run: job.run, phase: job.phase, scenario: job.scenario, driver: job.driver, wallMs, receiverCpuUs: after.cpuSinceResetUs };
  return result ? { ...base, ok: true, result } : { ...base, ok: false, error: error ?? "no result" };
}

function describe(record: RunRecord): string {
  if (!record.ok || !record.result) return `FAILED ${record.error}`;
  const r = record.result;
  const parts = [`${Math.round(r.eventsPerSecond).toLocaleString("en-US")} ev/s`, `cpu ${r.cpuUsPerEvent.toFixed(1)} µs/ev`];
  if (r.callerNsPerEvent !== null) parts.push(`caller ${r.callerNsPerEvent.toFixed(0)} ns`);
  if (r.loopDelayMaxMs !== null) parts.push(`stall max ${r.loopDelayMaxMs.toFixed(1)} ms`);
  if (r.stalls?.ownStallMaxMs != null) parts.push(`own stall max ${r.stalls.ownStallMaxMs.toFixed(2)} ms`);
  parts.push(`lost ${r.lost}`, `dup ${r.duplicated}`, `rss ${(r.peakRssBytes / 2 ** 20).toFixed(0)} MB`, `${r.completedBy}`);
  return parts.join(", ");
}

function machine() {
  const list = cpus();
  return {
    cpuModel: list[0]?.model ?? "unknown",
    cpus: list.length,
    totalMemoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    platform: `${platform()} ${release()}`,
    node: process.version,
    v8: process.versions.v8,
    loadavgAtStart: loadavg().map((v) => Number(v.toFixed(2))),
  };
}

// ---------------------------------------------------------------- main

async function profileMain(receiver: Receiver): Promise<void> {
  const dir = join(resultsDir, "profiles");
  // Profiles of an earlier run have the same names: clear them, or they would hide the new ones.
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const sections: string[] = [
    "# CPU profiles",
    "",
    `Steady endpoint, ${settings.profileEvents.toLocaleString("en-US")} events at full rate, batch ${settings.batchSize}, concurrency ${settings.concurrency}. ` +
      "Self time per function (V8 sampling profiler, 100 µs interval). The in-process driver is profiled only around the measured calls and the shutdown; " +
      "the relays with `--cpu-prof` over their whole life (start-up included).",
    "",
  ];
  const profiled: readonly DriverName[] = ["hookline-ndjson", "limit-serialize", "limit-relay", "hookline-relay"];
  const jobs: Job[] = profiled
    .filter((driver) => settings.drivers.includes(driver))
    .map((driver) => ({ run: 1, phase: "full", scenario: "steady", driver, events: settings.profileEvents, control: controlFor("steady") }));
  for (const [i, job] of jobs.entries()) {
    const before = new Set(readdirSync(dir));
    const record = await runJob(job, receiver, i, dir);
    process.stderr.write(`profile ${job.driver}: ${describe(record)}\n`);
    const created = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile") && !before.has(f) && f.includes(job.driver));
    for (const file of created) {
      const title = `${job.driver} (${describe(record)})`;
      sections.push(renderProfile(title, summarizeProfile(join(dir, file))));
    }
  }
  const text = sections.join("\n");
  writeFileSync(join(resultsDir, "profile.md"), text);
  process.stdout.write(`${text}\nwrote ${join(resultsDir, "profile.md")} (raw profiles in ${dir})\n`);
}

async function main(): Promise<void> {
  mkdirSync(resultsDir, { recursive: true });
  const receiver = await startReceiver();
  try {
    if (settings.profile) return await profileMain(receiver);

    const jobs = plan();
    const started = new Date();
    const env = machine();
    process.stderr.write(
      `hookline bench: ${jobs.length} driver runs (${settings.runs} runs × drivers [${settings.drivers.join(", ")}] × scenarios [${settings.scenarios.join(", ")}]), ` +
        `${settings.events.toLocaleString("en-US")} events each; node ${env.node}, ${env.cpus} × ${env.cpuModel}; receiver ${receiver.url}\n`,
    );
    const records: RunRecord[] = [];
    for (const [i, job] of jobs.entries()) {
      const record = await runJob(job, receiver, i, undefined);
      records.push(record);
      process.stderr.write(`[${i + 1}/${jobs.length}] run ${job.run} ${job.phase}/${job.scenario} ${job.driver} (n=${job.events}): ${describe(record)} [${(record.wallMs / 1000).toFixed(1)} s]\n`);
    }

    const rows = summarize(records);
    const memory = memoryRows(records);
    const list = tables(rows, settings.events);
    const mem = memoryTable(memory);
    if (mem) list.push(mem);
    const finished = new Date();
    const subtitle = `${finished.toISOString().slice(0, 10)} · node ${env.node} · ${env.cpus} × ${env.cpuModel} · ${settings.events.toLocaleString("en-US")} events · ${settings.runs} runs · batch ${settings.batchSize}, concurrency ${settings.concurrency}`;
    const header = [
      `Settings: ${settings.events.toLocaleString("en-US")} events of 1.5–3 KB per run (~10% failures), ${settings.runs} runs alternating drivers, each after ${settings.warmup.toLocaleString("en-US")} warm-up events, batch ${settings.batchSize}, concurrency ${settings.concurrency}; ` +
        `slow = ${settings.slowMs} ms per response, outage = 503 for the first ${settings.outageMs / 1000} s; paced = ${settings.pacedRate} events/s for ${settings.pacedSeconds} s. ` +
        `Machine: ${env.cpus} × ${env.cpuModel}, node ${env.node}, load average at start ${env.loadavgAtStart.join(" ")}.`,
      "",
      "events/s = distinct events confirmed by the receiver ÷ (first call → flush/shutdown done and last id received). CPU = user+system time of the process doing the logging " +
        "(for the relays: the relay process, `hookline run` for hookline-relay and the minimal forwarder for limit-relay, per input event, each delivered to 3 destinations; " +
        "compare hookline-relay with limit-relay, which does the same work). caller ns = time inside the synchronous log()/emit() calls only. " +
        "lost/dup are counted by distinct id at the receiver.",
      "",
    ].join("\n");
    const text = renderText(list);
    process.stdout.write(`\n${header}\n${text}`);
    writeFileSync(join(resultsDir, "summary.md"), `# hookline benchmark summary\n\n${header}\n${renderMarkdown(list)}`);
    writeFileSync(join(resultsDir, "chart.svg"), renderSvg(rows, subtitle));
    writeFileSync(
      join(resultsDir, "latest.json"),
      `${JSON.stringify(
        {
          startedAt: started.toISOString(),
          finishedAt: finished.toISOString(),
          machine: { ...env, loadavgAtEnd: loadavg().map((v) => Number(v.toFixed(2))) },
          settings,
          medians: rows,
          memory,
          runs: records,
        },
        null,
        2,
      )}\n`,
    );
    const failed = records.filter((r) => !r.ok).length;
    process.stdout.write(`\nwrote ${join(resultsDir, "latest.json")}, summary.md, chart.svg${failed > 0 ? ` — ${failed} driver run(s) failed (see latest.json)` : ""}\n`);
  } finally {
    killChildren();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    killChildren();
    process.exit(1);
  },
);
