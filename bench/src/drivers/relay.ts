/**
 * The relay drivers: a relay PROCESS that takes LiteLLM's POSTs and delivers every event to 3
 * receiver paths. The same code runs either relay (see {@link relayUnderTest}):
 * - `hookline-relay`: `node packages/cli/dist/bin.js run --config <3 ndjson callbacks> --port 0`;
 * - `limit-relay`: the least such a relay has to do (limit-relay-server.ts): every body forwarded
 *   unchanged to 3 `/json/` paths. Its figures are the floor of the relay's, for the same work.
 *
 * Both are fed LiteLLM-style: JSON arrays of `batchSize` events POSTed to /v1/callbacks/logs with
 * undici (keep-alive, `concurrency` in flight), bodies serialized before timing (that is LiteLLM's
 * work, not the relay's). SIGTERM once every post is answered; the run ends when the relay has
 * drained and exited and the receiver has the last id. Figures are the RELAY process's:
 * CPU and event-loop delay from a preloaded monitor (child-monitor.ts), RSS from /proc every 20 ms.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Agent } from "undici";
import { generateEvents } from "../generator.js";
import { buildResult, eventCount, now, procRss, receiverControl, receiverStats, RssSampler, waitForDelivery } from "../harness.js";
import type { StallFigures } from "../stall-monitor.js";
import { RELAY_VARIANT_ENV, type DriverName, type DriverResult, type DriverSpec } from "../types.js";

/** The 3 destinations of either relay; each gets every event once. */
const DESTINATIONS = ["a", "b", "c"] as const;

/** What the driver starts (after `node [--cpu-prof ...] --import <monitor>`) and where it delivers. */
interface RelayUnderTest {
  /** How messages and notes name it. */
  readonly name: string;
  /** The script and its arguments. */
  readonly args: readonly string[];
  /** Receiver paths, one per destination. */
  readonly paths: readonly string[];
  /** Environment on top of the driver's (a variant's switch). */
  readonly env?: Readonly<Record<string, string>>;
}

interface MonitorReport {
  readonly cpuUs: number;
  /** Full (mark-compact) and young-generation collections in the measured window. */
  readonly majorGcs?: number;
  readonly minorGcs?: number;
  readonly loopDelayMaxMs: number | null;
  readonly loopDelayP99Ms: number | null;
  /** Present when the monitor was asked for them (paced runs). */
  readonly stalls?: StallFigures;
  readonly maxRssBytes: number;
  readonly exitCode: number;
}

function configYaml(spec: DriverSpec, paths: readonly string[]): string {
  const lines = ["litellm_settings:", `  callbacks: [${DESTINATIONS.map((c) => `relay_${c}`).join(", ")}]`, "callback_settings:"];
  DESTINATIONS.forEach((name, i) => {
    lines.push(
      `  relay_${name}:`,
      "    callback_type: generic_api",
      `    endpoint: ${spec.receiverUrl}${paths[i]}`,
      "    log_format: ndjson",
      `    batch_size: ${spec.batchSize}`,
      "    flush_interval: 1",
      `    max_concurrency: ${spec.concurrency}`,
    );
  });
  return `${lines.join("\n")}\n`;
}

/** `hookline run` with 3 ndjson callbacks (batch size, flush interval and concurrency as everywhere); its config is written into `dir`. */
function hooklineRun(spec: DriverSpec, dir: string): RelayUnderTest {
  const paths = DESTINATIONS.map((c) => `/ndjson/${spec.runId}-${c}`);
  const configFile = join(dir, "hookline.yaml");
  writeFileSync(configFile, configYaml(spec, paths));
  const bin = join(spec.repoRoot, "packages", "cli", "dist", "bin.js");
  return { name: "hookline run", args: [bin, "run", "--config", configFile, "--port", "0"], paths };
}

/**
 * The CLI's receiver in front of a pipeline built in code with 3 ndjson callbacks, the same as
 * `hookline run`'s, each with the variant's processor (none, `redact_messages` or `mask`):
 * processor-relay-server.ts.
 */
function processorRelay(spec: DriverSpec): RelayUnderTest {
  const paths = DESTINATIONS.map((c) => `/ndjson/${spec.runId}-${c}`);
  const script = fileURLToPath(new URL("../processor-relay-server.js", import.meta.url));
  const processor = spec.driver === "processor-relay-plain" ? "none" : spec.driver.replace(/^processor-relay-/, "");
  return {
    name: `the ${processor} processor relay`,
    args: [script, "--processor", processor, "--batch-size", String(spec.batchSize), "--concurrency", String(spec.concurrency), ...paths.map((path) => `${spec.receiverUrl}${path}`)],
    paths,
  };
}

/** The limit relay: LiteLLM's JSON-array bodies go out as they came, so the receiver parses them on `/json/` paths. */
function limitRelay(spec: DriverSpec): RelayUnderTest {
  const paths = DESTINATIONS.map((c) => `/json/${spec.runId}-${c}`);
  const script = fileURLToPath(new URL("../limit-relay-server.js", import.meta.url));
  return { name: "the limit relay", args: [script, "--concurrency", String(spec.concurrency), ...paths.map((path) => `${spec.receiverUrl}${path}`)], paths };
}

function relayUnderTest(spec: DriverSpec, dir: string): RelayUnderTest {
  if (spec.driver === "limit-relay") return limitRelay(spec);
  if (spec.driver.startsWith("processor-relay-")) return processorRelay(spec);
  const env = RELAY_VARIANT_ENV[spec.driver];
  return env === undefined ? hooklineRun(spec, dir) : { ...hooklineRun(spec, dir), env };
}

/** The drivers this module runs. */
export function isRelayDriver(driver: DriverName): boolean {
  return driver === "hookline-relay" || driver === "limit-relay" || driver.startsWith("processor-relay-") || RELAY_VARIANT_ENV[driver] !== undefined;
}

/** Starts the relay with the monitor preloaded (and `--cpu-prof` in profile mode). */
function spawnRelay(spec: DriverSpec, relay: RelayUnderTest, monitorFile: string): ChildProcess {
  const monitor = pathToFileURL(fileURLToPath(new URL("../child-monitor.js", import.meta.url))).href;
  const profileArgs = spec.profileDir ? ["--cpu-prof", "--cpu-prof-dir", spec.profileDir, "--cpu-prof-name", `${spec.driver}-${spec.runId}.cpuprofile`] : [];
  return spawn(process.execPath, [...profileArgs, "--import", monitor, ...relay.args], {
    stdio: ["ignore", "pipe", "pipe"],
    // Stalls only when paced: sampling every millisecond costs CPU a full-rate run would count.
    env: { ...process.env, ...relay.env, BENCH_MONITOR_FILE: monitorFile, BENCH_MONITOR_STALLS: spec.phase === "paced" ? "1" : "0" },
  });
}

/** LiteLLM's side: JSON array bodies of `perBody` events each. */
function arrayBodies(events: readonly unknown[], perBody: number): string[] {
  const bodies: string[] = [];
  for (let i = 0; i < events.length; i += perBody) bodies.push(JSON.stringify(events.slice(i, i + perBody)));
  return bodies;
}

function readMonitorReport(file: string): MonitorReport | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as MonitorReport;
  } catch {
    return undefined;
  }
}

function waitForListening(child: ChildProcess, name: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`${name} did not print its address within ${timeoutMs} ms: ${out.slice(-500)}`)), timeoutMs);
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const match = /hookline listening on (http:\/\/\S+)\/v1\/callbacks\/logs/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before listening: ${out.slice(-500)}`));
    });
  });
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export async function runRelay(spec: DriverSpec): Promise<DriverResult> {
  const n = eventCount(spec);
  const notes: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), "hookline-bench-relay-"));
  const relay = relayUnderTest(spec, dir);
  const { paths } = relay;
  const monitorFile = join(dir, "monitor.json");
  const child = spawnRelay(spec, relay, monitorFile);
  // Even if this driver is stopped by its hard timeout (process.exit), the relay must not outlive it.
  const killChild = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  process.on("exit", killChild);
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-4000);
  });
  const agent = new Agent();
  try {
    const base = await waitForListening(child, relay.name, 15_000);
    const url = new URL(`${base}/v1/callbacks/logs`);
    // LiteLLM's side: the payloads and their JSON bodies, made before timing.
    const perBody = spec.phase === "paced" ? Math.max(1, Math.round(spec.pacedRate / 100)) : spec.batchSize;
    const bodies = arrayBodies(generateEvents(n, spec.seed), perBody);
    const warmupEvents = generateEvents(spec.warmup, spec.seed + 1);
    const warmupBodies = arrayBodies(warmupEvents, spec.batchSize);
    await receiverStats(spec.receiverUrl);

    let non200 = 0;
    const post = async (body: string): Promise<void> => {
      for (let attempt = 0; attempt < 20; attempt++) {
        const response = await agent.request({ origin: url.origin, path: url.pathname, method: "POST", headers: { "content-type": "application/json" }, body });
        await response.body.dump();
        if (response.statusCode === 200) return;
        non200++;
        await sleep(200);
      }
      throw new Error(`${relay.name} kept refusing a body`);
    };

    // Warm-up through the same relay (steady endpoint) until the receiver has it all, then the
    // measured scenario starts from clean counters.
    if (warmupBodies.length > 0) {
      for (const body of warmupBodies) await post(body);
      await waitForDelivery({ ...spec, quietMs: Math.min(spec.quietMs, 3000) }, paths, warmupEvents.length, now(), now() + 30_000);
    }
    await receiverControl(spec.receiverUrl, { ...spec.control, reset: true });

    const rss = new RssSampler(() => procRss(child.pid!));
    child.kill("SIGUSR2");
    await sleep(100);
    const baselineRss = procRss(child.pid!);
    rss.start(20);
    const poster0 = process.cpuUsage();
    const startedAt = now();
    if (spec.phase === "paced") {
      const t0 = performance.now();
      const inFlight = new Set<Promise<void>>();
      for (let i = 0; i < bodies.length; i++) {
        const wait = t0 + i * 10 - performance.now();
        if (wait >= 1) await sleep(wait);
        const p = post(bodies[i]!).finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      await Promise.all(inFlight);
    } else {
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < bodies.length) await post(bodies[next++]!);
      };
      await Promise.all(Array.from({ length: spec.concurrency }, worker));
    }
    const postedAt = now();
    child.kill("SIGTERM");
    const exited = await waitForExit(child, Math.max(1000, spec.timeoutMs - (postedAt - startedAt)));
    const finishedAt = now();
    const posterCpu = process.cpuUsage(poster0);
    if (!exited) notes.push(`${relay.name} did not exit within the timeout after SIGTERM; killed`);
    const peakRss = rss.stop();
    const stats = await receiverStats(spec.receiverUrl);
    const report = readMonitorReport(monitorFile);
    if (!report) notes.push(`no monitor report from ${relay.name}`);
    else if (report.exitCode !== 0) notes.push(`${relay.name} exited with ${report.exitCode}`);
    return buildResult(
      spec,
      paths,
      n,
      {
        callerNs: null,
        chunkNsPerEvent: [],
        startedAt,
        finishedAt,
        cpuUs: report?.cpuUs ?? Number.NaN,
        peakRss,
        baselineRss,
        loopDelayMaxMs: spec.phase === "paced" ? (report?.loopDelayMaxMs ?? null) : null,
        loopDelayP99Ms: spec.phase === "paced" ? (report?.loopDelayP99Ms ?? null) : null,
        stalls: spec.phase === "paced" ? (report?.stalls ?? null) : null,
        stats,
        completedBy: exited ? "exit" : "timeout",
      },
      notes,
      {
        relayMaxRssBytes: report?.maxRssBytes,
        relayMajorGcs: report?.majorGcs,
        relayMinorGcs: report?.minorGcs,
        posterCpuUs: posterCpu.user + posterCpu.system,
        postsRefused: non200,
        bodies: bodies.length,
        eventsPerBody: perBody,
        postsDoneMs: postedAt - startedAt,
        relayStderrTail: stderr.split("\n").slice(-12).join("\n"),
      },
    );
  } finally {
    await agent.close().catch(() => {});
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await waitForExit(child, 5000);
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
