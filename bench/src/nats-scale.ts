/**
 * The JetStream bench: `npx -y pnpm@10 build && node bench/dist/nats-scale.js`.
 *
 * Starts Debian's nats-server (JetStream, 127.0.0.1, a temporary store) and the counting receiver
 * (receiver.js), then measures, run after run with the order rotating:
 *
 * 1. **Workers**: the stream is filled once with BENCH_NATS_EVENTS events; each run starts 1, 2 or 3
 *    `hookline run` worker processes on a fresh durable consumer (so each run reads the whole
 *    stream), against an endpoint that answers in BENCH_NATS_SLOW_MS (50) ms. events/s is the
 *    events over the time from the first to the last new event at the receiver (process start-up
 *    left out).
 * 2. **Relay**: the same events POSTed LiteLLM-style (JSON arrays of 100, 4 in flight) to a
 *    single-process relay (`hookline run`, one http callback) and to the JetStream relay (a
 *    receiver process whose callback is the nats exporter, and one worker), against an endpoint
 *    that answers at once. events/s from the first POST to the last event at the receiver.
 *
 * Prints a markdown table and writes bench/results/nats.md. Knobs: BENCH_NATS_EVENTS (20000),
 * BENCH_NATS_RUNS (3), BENCH_NATS_SLOW_MS (50), BENCH_NATS_WORKERS ("1,2,3"), BENCH_NATS_BATCH (20)
 * and BENCH_NATS_CONCURRENCY (1): a worker's batch_size and max_concurrency in part 1.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { natsExporter } from "@hookline/nats";
import { generateEvents } from "./generator.js";
import { median, now, receiverControl, receiverStats } from "./harness.js";

const benchDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = resolve(benchDir, "..");
const hooklineBin = join(repoRoot, "packages", "cli", "dist", "bin.js");

function intEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name}: expected a whole number >= 1, got "${text}"`);
  return value;
}

const settings = {
  events: intEnv("BENCH_NATS_EVENTS", 20_000),
  runs: intEnv("BENCH_NATS_RUNS", 3),
  slowMs: intEnv("BENCH_NATS_SLOW_MS", 50),
  workers: (process.env["BENCH_NATS_WORKERS"] ?? "1,2,3").split(",").map((text) => Number(text.trim())),
  // A worker's ceiling against the slow endpoint is batch × concurrency / delay (20 × 1 / 50 ms =
  // 400 events/s), low enough that the endpoint, not this machine's CPU, is what bounds it.
  batch: intEnv("BENCH_NATS_BATCH", 20),
  concurrency: intEnv("BENCH_NATS_CONCURRENCY", 1),
  timeoutMs: intEnv("BENCH_NATS_TIMEOUT_MS", 120_000),
};

const children = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

function natsServerBinary(): string {
  if (existsSync("/usr/sbin/nats-server")) return "/usr/sbin/nats-server";
  const found = spawnSync("sh", ["-c", "command -v nats-server"], { encoding: "utf8" }).stdout.trim();
  if (found === "") throw new Error("nats-server is not installed (Debian: apt-get install nats-server)");
  return found;
}

/** Spawns a process and resolves once its output matches `ready` (bounded). */
async function startProcess(command: string, args: readonly string[], ready: RegExp, what: string): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], cwd: repoRoot });
  children.add(child);
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const deadline = now() + 60_000;
  while (!ready.test(output)) {
    if (child.exitCode !== null) throw new Error(`${what} exited early:\n${output}`);
    if (now() > deadline) throw new Error(`${what} did not start in 60 s:\n${output}`);
    await sleep(10);
  }
  return { child, output: () => output };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once("close", () => done()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  await exited;
  clearTimeout(timer);
  children.delete(child);
}

const LISTENING = /hookline listening on (http:\/\/127\.0\.0\.1:\d+)/;

async function startHookline(config: string): Promise<{ child: ChildProcess; url: string }> {
  const proc = await startProcess(process.execPath, [hooklineBin, "run", "--config", config, "--port", "0"], LISTENING, `hookline run ${config}`);
  return { child: proc.child, url: LISTENING.exec(proc.output())![1]! };
}

/** Waits until `path` at the receiver has `expected` distinct ids; returns its stats. */
async function delivered(receiverUrl: string, path: string, expected: number) {
  const deadline = now() + settings.timeoutMs;
  for (;;) {
    const stats = (await receiverStats(receiverUrl)).paths[path];
    if (stats && stats.distinct >= expected) return stats;
    if (now() > deadline) throw new Error(`${path}: ${stats?.distinct ?? 0} of ${expected} events after ${settings.timeoutMs} ms`);
    await sleep(20);
  }
}

function workerYaml(natsUrl: string, receiverUrl: string, path: string, prefix: string, batch = 100, concurrency = 4): string {
  return `litellm_settings:
  callbacks: [api]
callback_settings:
  api:
    callback_type: generic_api
    endpoint: ${receiverUrl}${path}
    log_format: ndjson
    batch_size: ${batch}
    max_concurrency: ${concurrency}
    flush_interval: 0.05
nats:
  servers: ${natsUrl}
  consume: true
  consumer_prefix: ${prefix}
  max_ack_pending: 5000
  fetch_batch: 200
`;
}

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0]!;
  const dir = mkdtempSync(join(tmpdir(), "hookline-bench-nats-"));
  try {
    const natsPort = await freePort();
    const natsUrl = `nats://127.0.0.1:${natsPort}`;
    await startProcess(natsServerBinary(), ["-js", "-a", "127.0.0.1", "-p", String(natsPort), "-sd", join(dir, "store")], /Server is ready/, "nats-server");
    const receiver = await startProcess(process.execPath, [join(benchDir, "dist", "receiver.js"), "--port", "0"], /"listening"/, "counting receiver");
    const receiverUrl = (JSON.parse(receiver.output().split("\n")[0]!) as { listening: string }).listening;
    const events = generateEvents(settings.events, 7);
    const lines = events.map((event) => JSON.stringify(event));

    // ------------------------------------------------------------ workers against a slow endpoint
    const exporter = natsExporter({ servers: [natsUrl] });
    for (let i = 0; i < lines.length; i += 500) {
      const slice = lines.slice(i, i + 500);
      const result = await exporter.export({ body: slice.join("\n") + "\n", contentType: "application/x-ndjson", eventCount: slice.length }, { signal: AbortSignal.timeout(30_000) });
      if (result.kind !== "success") throw new Error(`filling the stream: ${result.kind}`);
    }
    await exporter.close?.();
    await receiverControl(receiverUrl, { mode: "slow", delayMs: settings.slowMs });
    const rates = new Map<number, number[]>(settings.workers.map((k) => [k, []]));
    for (let run = 0; run < settings.runs; run++) {
      const order = settings.workers.map((_, i) => settings.workers[(i + run) % settings.workers.length]!);
      for (const k of order) {
        const path = `/ndjson/workers-${k}-${run}`;
        const config = join(dir, `worker-${k}-${run}.yaml`);
        writeFileSync(config, workerYaml(natsUrl, receiverUrl, path, `bench_${k}_${run}`, settings.batch, settings.concurrency));
        const procs = await Promise.all(Array.from({ length: k }, () => startHookline(config)));
        const stats = await delivered(receiverUrl, path, events.length);
        rates.get(k)!.push(events.length / ((stats.lastNewAt - stats.firstAt) / 1000));
        await Promise.all(procs.map((proc) => stop(proc.child)));
        process.stderr.write(`workers ${k}, run ${run + 1}: ${Math.round(rates.get(k)!.at(-1)!)} events/s (${stats.duplicates} duplicates)\n`);
      }
    }

    // ------------------------------------------------------------ relay: single process vs JetStream
    await receiverControl(receiverUrl, { mode: "steady" });
    const bodies: string[] = [];
    for (let i = 0; i < lines.length; i += 100) bodies.push(`[${lines.slice(i, i + 100).join(",")}]`);
    const feed = async (logsUrl: string): Promise<number> => {
      const started = now();
      let next = 0;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (next < bodies.length) {
            const body = bodies[next++]!;
            for (let attempt = 0; ; attempt++) {
              const res = await fetch(logsUrl, { method: "POST", body, headers: { "content-type": "application/json" } });
              await res.arrayBuffer();
              if (res.ok) break;
              if (attempt > 100) throw new Error(`relay answered ${res.status}`);
              await sleep(50);
            }
          }
        }),
      );
      return started;
    };
    const relayRates = { single: [] as number[], jetstream: [] as number[] };
    for (let run = 0; run < settings.runs; run++) {
      for (const kind of run % 2 === 0 ? (["single", "jetstream"] as const) : (["jetstream", "single"] as const)) {
        const path = `/ndjson/relay-${kind}-${run}`;
        const started: ChildProcess[] = [];
        let logsUrl: string;
        if (kind === "single") {
          const config = join(dir, `single-${run}.yaml`);
          writeFileSync(config, `litellm_settings:\n  callbacks: [api]\ncallback_settings:\n  api:\n    callback_type: generic_api\n    endpoint: ${receiverUrl}${path}\n    log_format: ndjson\n    batch_size: 100\n    flush_interval: 0.05\n`);
          const relay = await startHookline(config);
          started.push(relay.child);
          logsUrl = `${relay.url}/v1/callbacks/logs`;
        } else {
          const receiverConfig = join(dir, `js-receiver-${run}.yaml`);
          writeFileSync(receiverConfig, `litellm_settings:\n  callbacks: [jetstream]\ncallback_settings:\n  jetstream:\n    callback_type: generic_api\n    exporter: nats\n    log_format: ndjson\n    batch_size: 100\n    flush_interval: 0.05\nnats:\n  servers: ${natsUrl}\n  stream: RELAY${run}\n  subject: relay.${run}\n`);
          const workerConfig = join(dir, `js-worker-${run}.yaml`);
          writeFileSync(workerConfig, workerYaml(natsUrl, receiverUrl, path, `relay_${run}`) + `  stream: RELAY${run}\n  subject: relay.${run}\n`);
          const front = await startHookline(receiverConfig);
          const worker = await startHookline(workerConfig);
          started.push(front.child, worker.child);
          logsUrl = `${front.url}/v1/callbacks/logs`;
        }
        const from = await feed(logsUrl);
        const stats = await delivered(receiverUrl, path, events.length);
        relayRates[kind].push(events.length / ((stats.lastNewAt - from) / 1000));
        await Promise.all(started.map((child) => stop(child)));
        process.stderr.write(`relay ${kind}, run ${run + 1}: ${Math.round(relayRates[kind].at(-1)!)} events/s\n`);
      }
    }

    const one = median(rates.get(settings.workers[0]!) ?? [0]);
    const rows = settings.workers.map((k) => `| ${k} | ${Math.round(median(rates.get(k)!))} | ${(median(rates.get(k)!) / one).toFixed(2)}× |`);
    const single = median(relayRates.single);
    const jet = median(relayRates.jetstream);
    const report = [
      `# JetStream bench`,
      ``,
      `${settings.events} events of 1.5–3 KB, ${settings.runs} runs (median), ${cpus().length} CPUs, Node ${process.version}, nats-server from Debian; load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end (other processes share the machine: compare rows of one run, not runs).`,
      ``,
      `## Workers against an endpoint answering in ${settings.slowMs} ms`,
      ``,
      `Each worker: batch_size ${settings.batch}, max_concurrency ${settings.concurrency}, so at most ${Math.round((settings.batch * settings.concurrency * 1000) / settings.slowMs)} events/s each.`,
      ``,
      `| workers | events/s | vs ${settings.workers[0]} |`,
      `| ---: | ---: | ---: |`,
      ...rows,
      ``,
      `## Relay: single process vs through JetStream (endpoint answers at once)`,
      ``,
      `| relay | events/s | vs single |`,
      `| --- | ---: | ---: |`,
      `| single process (\`hookline run\`, http callback) | ${Math.round(single)} | 1.00× |`,
      `| JetStream (receiver → stream → 1 worker) | ${Math.round(jet)} | ${(jet / single).toFixed(2)}× |`,
      ``,
    ].join("\n");
    process.stdout.write(report);
    writeFileSync(join(benchDir, "results", "nats.md"), report);
  } finally {
    for (const child of children) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
