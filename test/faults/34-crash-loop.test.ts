/**
 * Fault 34: the crash loop. `hookline run` with a spool takes a steady stream of POSTs (a
 * client that, like LiteLLM, keeps a body until it is answered 200) and is killed with SIGKILL
 * at 20 random moments (seeded: the seed is printed, `HOOKLINE_CRASH_SEED=<seed>` repeats a
 * run), restarted each time. At the end every acknowledged id was delivered, no process
 * delivered an id twice, and every duplicate is an event that was in flight at a kill: in a
 * request the endpoint answered shortly before it (the checkpoint had not caught up) or in a
 * body the client had not had its answer for.
 */
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { parseSummary } from "../support/summary-table.js";
import { account, expectIdentity } from "./support/accounting.js";
import { recordAccounting, useFigures } from "./support/figures.js";
import { FAST_RETRIES, faultServer, payloads, post, runProcess, tempDir, writeConfig } from "./support/harness.js";
import type { RunningHookline } from "../support/hookline-process.js";

const cleanup = useCleanup();
useFigures();

const KILLS = 20;
const BODY_EVENTS = 5;
const PACE_MS = 20;
const CLIENTS = 3;
/** A duplicate must have been answered by the endpoint at most this long before a kill. */
const IN_FLIGHT_WINDOW_MS = 1000;
const SEED = Number(process.env["HOOKLINE_CRASH_SEED"] ?? Math.floor(Math.random() * 2 ** 31));

/** mulberry32: a small seeded generator, so a failing run can be repeated. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Kill {
  /** When the signal was sent. */
  readonly at: number;
  /** Ids of the body the client was waiting on an answer for. */
  readonly clientInFlight: readonly string[];
}

describe("fault 34: crash loop", () => {
  it(`${KILLS} x kill -9 at random moments under steady input, restarting each time: nothing acknowledged is lost, duplicates only from what was in flight`, { timeout: 150_000 }, async () => {
    console.log(`crash loop seed ${SEED} (HOOKLINE_CRASH_SEED=${SEED} repeats it)`);
    const rand = random(SEED);
    const started = Date.now();
    const server = await faultServer(cleanup, { respond: () => ({ delayMs: 10 }) });
    const dir = await tempDir(cleanup);
    // One config per run, the same but for a header naming the run: which process sent each
    // request is then known exactly, not guessed from times.
    const configFor = (run: number): Promise<string> =>
      writeConfig(
        dir,
        `${server.url}/logs`,
        { ...FAST_RETRIES, max_retries: 1000, max_retry_time: 0, max_concurrency: 2, batch_size: 20, flush_interval: 0.05, spool_path: "spool" },
        `    headers:\n      x-hookline-run: "${run}"\n`,
        `config-${run}.yaml`,
      );

    // The client: CLIENTS loops, each posting one body at a time every PACE_MS and keeping it
    // until it is answered 200 (as LiteLLM keeps a batch it got no 200 for).
    let logsUrl: string | undefined;
    let stop = false;
    const inFlight = new Set<readonly string[]>();
    const acknowledged: string[] = [];
    let posts = 0;
    let unanswered = 0;
    let next = 0;
    const loop = async (): Promise<void> => {
      let body = payloads(BODY_EVENTS, `crash-${next++}`);
      while (!stop || body.length > 0) {
        const url = logsUrl;
        if (url === undefined) {
          await pause(5);
          continue;
        }
        const ids = body.map((p) => p.id as string);
        inFlight.add(ids);
        posts += 1;
        const status = await post(url, body).then((r) => r.status, () => 0);
        inFlight.delete(ids);
        if (status === 200) {
          acknowledged.push(...ids);
          body = stop ? [] : payloads(BODY_EVENTS, `crash-${next++}`);
        } else {
          unanswered += 1;
        }
        await pause(PACE_MS);
      }
    };
    const client = Promise.all(Array.from({ length: CLIENTS }, loop));

    const kills: Kill[] = [];
    const stderrs: string[] = [];
    let proc: RunningHookline | undefined;
    for (let k = 0; k <= KILLS; k++) {
      proc = await runProcess(cleanup, await configFor(k));
      logsUrl = proc.logsUrl;
      if (k === KILLS) break;
      await pause(150 + Math.floor(rand() * 550));
      logsUrl = undefined;
      kills.push({ at: Date.now(), clientInFlight: [...inFlight].flat() });
      proc.kill("SIGKILL");
      const exit = await proc.waitForExit(5000);
      expect(exit.signal).toBe("SIGKILL");
      stderrs.push(exit.stderr);
    }
    // Last run: a little more input, then the client finishes its body and stops.
    await pause(300);
    stop = true;
    await client;
    await server.waitForDelivered(acknowledged, 30_000);
    proc!.kill("SIGTERM");
    const exit = await proc!.waitForExit(15_000);
    stderrs.push(exit.stderr);
    const summary = parseSummary(exit.stderr)["api"] ?? {};

    // Which run each 2xx answer belongs to, and what each kill can explain.
    const deliveries = new Map<string, { run: number; at: number }[]>();
    for (const r of server.requests) {
      if (typeof r.outcome !== "number" || r.outcome >= 300 || r.answeredAt === undefined) continue;
      for (const id of r.ids) deliveries.set(id, [...(deliveries.get(id) ?? []), { run: Number(r.headers["x-hookline-run"]), at: r.answeredAt }]);
    }
    // A duplicate is explained by one kill: the client's body in flight at it (its 200 lost,
    // re-posted), or a request the endpoint answered shortly before it, whose settlement the
    // on-disk checkpoint had not recorded yet (sent again by the next process).
    const reposted = new Map<string, number>();
    kills.forEach((kill, k) => kill.clientInFlight.forEach((id) => reposted.set(id, k)));
    const unexplained: string[] = [];
    const sameRunTwice: string[] = [];
    const perKill = kills.map(() => 0);
    let maxLagMs = 0;
    for (const [id, list] of deliveries) {
      if (list.length < 2) continue;
      const byClient = reposted.get(id);
      if (byClient !== undefined) {
        perKill[byClient]! += list.length - 1;
        continue;
      }
      if (new Set(list.map((d) => d.run)).size < list.length) sameRunTwice.push(id);
      const first = list[0]!;
      const kill = kills[first.run];
      if (kill && kill.at - first.at <= IN_FLIGHT_WINDOW_MS) {
        perKill[first.run]! += list.length - 1;
        maxLagMs = Math.max(maxLagMs, kill.at - first.at);
      } else {
        unexplained.push(id);
      }
    }
    // What each start reported about the spool it found.
    const losses = stderrs.flatMap((text) => text.split("\n").filter((line) => /spool .*event\(s\) lost/.test(line)));
    const tornOnly = losses.every((line) => /lost: the last record of segment-\d+\.ndjson was cut short[^;]*(; damaged bytes moved to .*)?$/.test(line));

    const a = account({ sent: acknowledged, server, dropped: summary["dropped"] ?? 0 });
    recordAccounting(a, {
      scenario: `34 crash loop: ${KILLS} x kill -9 at random moments, steady input (seed ${SEED})`,
      requests: server.requests.length,
      notes:
        `${posts} POSTs of ${BODY_EVENTS} events (${CLIENTS} clients, each every ${PACE_MS} ms), ${unanswered} unanswered at a kill and retried; ` +
        `duplicates per kill max ${Math.max(...perKill)}, answered at most ${maxLagMs} ms before the kill; ` +
        `${losses.length} start(s) reported a record cut short by the kill; final exit ${exit.code}; ${((Date.now() - started) / 1000).toFixed(1)} s`,
    });
    expectIdentity(a);
    const explain = (id: string) => `${id}: ${JSON.stringify(deliveries.get(id))} kills ${JSON.stringify(kills.map((k) => k.at))}`;
    expect(sameRunTwice, `ids delivered twice by one process, e.g. ${sameRunTwice.slice(0, 2).map(explain).join("; ")}`).toEqual([]);
    expect(unexplained, "duplicates not in flight at any kill").toEqual([]);
    expect(tornOnly, `only records cut short by a kill are ever reported lost:\n${losses.join("\n")}`).toBe(true);
    expect(exit.code, exit.stderr).toBe(/spool .*event\(s\) lost/.test(exit.stderr) ? 1 : 0);
  });
});
