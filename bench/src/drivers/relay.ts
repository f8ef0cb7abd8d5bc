/**
 * hookline's CLI relay: `node packages/cli/dist/bin.js run --config <3 ndjson callbacks> --port 0`,
 * fed LiteLLM-style: JSON arrays of `batchSize` events POSTed to /v1/callbacks/logs with undici
 * (keep-alive, `concurrency` in flight), bodies serialized before timing (that is LiteLLM's
 * work, not hookline's). SIGTERM once every post is answered; the run ends when the relay has
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
import type { DriverResult, DriverSpec } from "../types.js";

const CALLBACKS = ["a", "b", "c"] as const;

interface MonitorReport {
  readonly cpuUs: number;
  readonly loopDelayMaxMs: number | null;
  readonly loopDelayP99Ms: number | null;
  readonly maxRssBytes: number;
  readonly exitCode: number;
}

function configYaml(spec: DriverSpec, paths: readonly string[]): string {
  const lines = ["litellm_settings:", `  callbacks: [${CALLBACKS.map((c) => `relay_${c}`).join(", ")}]`, "callback_settings:"];
  CALLBACKS.forEach((name, i) => {
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

function waitForListening(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`hookline run did not print its address within ${timeoutMs} ms: ${out.slice(-500)}`)), timeoutMs);
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
      reject(new Error(`hookline run exited with ${code} before listening: ${out.slice(-500)}`));
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
  const paths = CALLBACKS.map((c) => `/ndjson/${spec.runId}-${c}`);
  const configFile = join(dir, "hookline.yaml");
  const monitorFile = join(dir, "monitor.json");
  writeFileSync(configFile, configYaml(spec, paths));
  const bin = join(spec.repoRoot, "packages", "cli", "dist", "bin.js");
  const monitor = pathToFileURL(fileURLToPath(new URL("../child-monitor.js", import.meta.url))).href;
  const profileArgs = spec.profileDir ? ["--cpu-prof", "--cpu-prof-dir", spec.profileDir, "--cpu-prof-name", `hookline-relay-${spec.runId}.cpuprofile`] : [];
  const child = spawn(process.execPath, [...profileArgs, "--import", monitor, bin, "run", "--config", configFile, "--port", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, BENCH_MONITOR_FILE: monitorFile },
  });
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
    const base = await waitForListening(child, 15_000);
    const url = new URL(`${base}/v1/callbacks/logs`);
    // LiteLLM's side: the payloads and their JSON bodies, made before timing.
    const events = generateEvents(n, spec.seed);
    const perBody = spec.phase === "paced" ? Math.max(1, Math.round(spec.pacedRate / 100)) : spec.batchSize;
    const bodies: string[] = [];
    for (let i = 0; i < events.length; i += perBody) bodies.push(JSON.stringify(events.slice(i, i + perBody)));
    events.length = 0;
    const warmupEvents = generateEvents(spec.warmup, spec.seed + 1);
    const warmupBodies: string[] = [];
    for (let i = 0; i < warmupEvents.length; i += spec.batchSize) warmupBodies.push(JSON.stringify(warmupEvents.slice(i, i + spec.batchSize)));
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
      throw new Error("hookline run kept refusing a body");
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
    if (!exited) notes.push(`hookline run did not exit within the timeout after SIGTERM; killed`);
    const peakRss = rss.stop();
    const stats = await receiverStats(spec.receiverUrl);
    let report: MonitorReport | undefined;
    try {
      report = JSON.parse(readFileSync(monitorFile, "utf8")) as MonitorReport;
    } catch {
      notes.push("no monitor report from the relay process");
    }
    if (report && report.exitCode !== 0) notes.push(`hookline run exited with ${report.exitCode}`);
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
        stats,
        completedBy: exited ? "exit" : "timeout",
      },
      notes,
      {
        relayMaxRssBytes: report?.maxRssBytes,
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
