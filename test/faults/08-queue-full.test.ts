/**
 * Fault 8: the queue fills up while the endpoint holds every request (a gate), under each
 * queue_full_policy:
 * - drop_oldest: the oldest waiting events are dropped (counted, reason queue_full), the newest
 *   are delivered once the gate opens;
 * - drop_newest: the newest are dropped;
 * - block (a real `hookline run`): the receiver answers 503 + Retry-After and takes nothing; the
 *   client's retried posts succeed once the gate opens;
 * - `hookline replay` with a full queue slows down instead of dropping.
 */
import { setImmediate as tick } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { parseSummary } from "../support/summary-table.js";
import { createGate, waitFor, within } from "../support/wait-for.js";
import { account, droppedSum, expectIdentity } from "./support/accounting.js";
import { recordAccounting, useFigures } from "./support/figures.js";
import { knownBug, type BugStatus } from "./support/known-bugs.js";
import type { FaultServer } from "./support/fault-server.js";
import {
  droppedIdsOf,
  FAST_RETRIES,
  faultServer,
  getText,
  idsOf,
  inProcess,
  metricValue,
  payloads,
  post,
  runProcess,
  spawnProcess,
  tempDir,
  writeConfig,
} from "./support/harness.js";

const cleanup = useCleanup();
useFigures();

const index = (id: string): number => Number(id.slice(id.lastIndexOf("-") + 1));

/** An endpoint that holds every request until the gate opens, then answers 200. */
async function gatedServer(): Promise<{ server: FaultServer; gate: ReturnType<typeof createGate> }> {
  const gate = createGate();
  cleanup(() => gate.release());
  const server = await faultServer(cleanup, { respond: () => (gate.released ? undefined : { gate: gate.promise }) });
  return { server, gate };
}

const QUEUE_SETTINGS = { ...FAST_RETRIES, max_retries: 5, max_concurrency: 1, batch_size: 2, flush_interval: 0.01, max_queue_events: 10 };

describe("fault 8: full queue, in process", () => {
  for (const pace of ["paced", "burst"] as const) {
    for (const policy of ["drop_oldest", "drop_newest"] as const) {
      const isBug = pace === "burst" && policy === "drop_oldest";
      const title = `${isBug ? "BUG-2: " : ""}${policy}, ${pace === "paced" ? "events logged one per event-loop turn" : "40 events logged in one synchronous burst"}`;
      it(title, async () => {
        const { server, gate } = await gatedServer();
        const built = await inProcess(cleanup, `${server.url}/logs`, { ...QUEUE_SETTINGS, queue_full_policy: policy });
        const sent = payloads(40, `${policy}-${pace}`);
        if (pace === "paced") {
          for (const p of sent) {
            built.pipeline.log(p);
            await tick();
          }
        } else {
          for (const p of sent) built.pipeline.log(p);
        }
        await waitFor(() => server.requests.length >= 1, { what: "the first request to be held" });
        const depth = built.pipeline.metrics()[0]!.queueDepth;
        gate.release();
        await within(built.pipeline.flush(), 10_000, "flush");

        const metrics = built.pipeline.metrics()[0]!;
        const droppedIds = droppedIdsOf(built);
        const a = account({ sent: idsOf(sent), server, dropped: droppedSum(metrics.dropped), droppedIds });
        const delivered = [...a.deliveredIds].map(index).sort((x, y) => x - y);
        const dropped = droppedIds.map(index).sort((x, y) => x - y);
        // The batch that was in flight when the queue filled cannot be dropped; leave it out.
        const inFlightFirst = server.requests[0]!.ids.map(index);
        const deliveredAfterFirst = delivered.filter((i) => !inFlightFirst.includes(i));
        let bugStatus: BugStatus | undefined;

        const oldestDropped = (): void => {
          // Every dropped event is older than every delivered one (but the first, in-flight
          // batch), and the newest event is delivered.
          expect(Math.max(...dropped)).toBeLessThan(Math.min(...deliveredAfterFirst));
          expect(delivered).toContain(39);
        };
        if (isBug) bugStatus = knownBug("BUG-2", "drop_oldest drops the newest events when they arrive in a burst", oldestDropped);
        recordAccounting(a, {
          scenario: `8 ${isBug ? "BUG-2 " : ""}${policy} ${pace} (max_queue_events 10, gated)`,
          requests: server.requests.length,
          retries: metrics.retried,
          notes: `${bugStatus ? `BUG-2 ${bugStatus}: ` : ""}queue depth while gated ${depth}; delivered #${delivered.join(",")}`,
        });
        expectIdentity(a);
        expect(a.duplicates).toBe(0);
        expect(depth).toBeLessThanOrEqual(10);
        expect(metrics.dropped.queue_full).toBe(40 - a.delivered);
        expect(a.dropped).toBeGreaterThanOrEqual(28);
        expect(built.undelivered.every((u) => u.report.outcome === "dropped" && u.report.dropReason === "queue_full")).toBe(true);
        if (policy === "drop_oldest" && !isBug) oldestDropped();
        if (policy === "drop_newest") {
          // The newest are dropped: every delivered event is older than every dropped one.
          expect(Math.max(...delivered)).toBeLessThan(Math.min(...dropped));
          expect(dropped).toContain(39);
        }
      });
    }
  }
});

describe("fault 8: full queue, events still in the batch buffer", () => {
  // BUG-2b (packages/core/src/pipeline/callback-branch.ts #makeRoom): drop_oldest can only drop
  // batches waiting in the Sender's queue. Events still buffered by batch() (batch_size larger
  // than max_queue_events, or a batch not yet full) are not droppable, so when the queue is full
  // of buffered events the NEW event is dropped: drop_oldest behaves as drop_newest.
  it("BUG-2b: drop_oldest with batch_size > max_queue_events keeps the newest events", async () => {
    const server = await faultServer(cleanup);
    const built = await inProcess(cleanup, `${server.url}/logs`, {
      ...FAST_RETRIES,
      batch_size: 50,
      flush_interval: 0.2,
      max_queue_events: 10,
      queue_full_policy: "drop_oldest",
    });
    const sent = payloads(20, "buffered");
    for (const p of sent) {
      built.pipeline.log(p);
      await tick();
    }
    await within(built.pipeline.flush(), 10_000, "flush");
    const metrics = built.pipeline.metrics()[0]!;
    const droppedIds = droppedIdsOf(built);
    const a = account({ sent: idsOf(sent), server, dropped: droppedSum(metrics.dropped), droppedIds });
    const delivered = [...a.deliveredIds].map(index).sort((x, y) => x - y);
    const status = knownBug("BUG-2b", "drop_oldest cannot drop events still in the batch buffer; it drops the newest instead", () => {
      expect(delivered, "delivered event numbers").toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    });
    recordAccounting(a, {
      scenario: "8 BUG-2b drop_oldest, batch_size 50 > max_queue_events 10",
      requests: server.requests.length,
      retries: metrics.retried,
      notes: `BUG-2b ${status}: delivered #${delivered.join(",")}`,
    });
    expectIdentity(a);
    expect(a.delivered).toBe(10);
    expect(metrics.dropped.queue_full).toBe(10);
  });
});

describe("fault 8: full queue, real processes", () => {
  it("block (hookline run): 503 + Retry-After, nothing taken; the client's retried posts succeed once the gate opens", async () => {
    const { server, gate } = await gatedServer();
    const dir = await tempDir(cleanup);
    const config = await writeConfig(dir, `${server.url}/logs`, {
      ...FAST_RETRIES,
      max_retries: 5,
      max_concurrency: 1,
      batch_size: 5,
      flush_interval: 0.01,
      max_queue_events: 10,
      queue_full_policy: "block",
    });
    const proc = await runProcess(cleanup, config);
    const posts = Array.from({ length: 6 }, (_, i) => payloads(5, `block-${i}`));
    // Two posts fill the queue (10 events).
    expect((await post(proc.logsUrl, posts[0]!)).status).toBe(200);
    expect((await post(proc.logsUrl, posts[1]!)).status).toBe(200);
    await waitFor(() => server.requests.length >= 1, { what: "the first request to be held" });
    const receivedBefore = metricValue(await getText(proc.url, "/metrics"), "hookline_events_received_total", { callback: "api" });

    // Full: refused with Retry-After, and nothing is taken.
    const refused = await post(proc.logsUrl, posts[2]!);
    expect(refused.status).toBe(503);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    const metricsText = await getText(proc.url, "/metrics");
    expect(metricValue(metricsText, "hookline_events_received_total", { callback: "api" })).toBe(receivedBefore);
    expect(metricValue(metricsText, "hookline_queue_events", { callback: "api" })).toBe(10);
    expect(metricValue(metricsText, "hookline_receiver_bodies_total", { result: "backpressure" })).toBe(1);

    // A client that honours Retry-After: retries each remaining post until it is taken.
    let refusals = 1;
    const client = (async () => {
      for (const body of posts.slice(2)) {
        for (let attempt = 0; ; attempt++) {
          const answer = await post(proc.logsUrl, body);
          if (answer.status === 200) break;
          expect(answer.status).toBe(503);
          expect(attempt).toBeLessThan(20);
          refusals += 1;
          await new Promise((resolve) => setTimeout(resolve, Number(answer.retryAfter ?? 1) * 1000));
        }
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 300));
    gate.release();
    await within(client, 15_000, "the client's posts to be taken");
    const sent = posts.flat();
    await server.waitForDelivered(idsOf(sent), 10_000);
    proc.kill("SIGTERM");
    const exit = await proc.waitForExit(10_000);
    const summary = parseSummary(exit.stderr)["api"]!;

    const a = account({ sent: idsOf(sent), server, dropped: summary["dropped"]! });
    recordAccounting(a, {
      scenario: "8 block via hookline run receiver (max_queue_events 10, gated)",
      requests: server.requests.length,
      retries: summary["retried"],
      notes: `${refusals} POST(s) answered 503 + Retry-After; exit ${exit.code}`,
    });
    expectIdentity(a);
    expect(a.delivered).toBe(30);
    expect(a.duplicates).toBe(0);
    expect(summary["dropped"]).toBe(0);
    expect(exit.code).toBe(0);
  });

  // BUG-3 (packages/core/src/pipeline/pipeline.ts offer() + packages/cli/src/receiver/http-receiver.ts):
  // with queue_full_policy block, a POST carrying more events than max_queue_events can never be
  // taken: offer() asks hasRoom(events.length), which is false even with an empty queue, so the
  // receiver answers 503 + Retry-After forever and the client retries forever (a livelock; in
  // practice LiteLLM eventually gives up and the logs are lost). Expected: an idle callback takes
  // the body (all of it: no event of an accepted body may then be dropped by #admit).
  it("BUG-3: block: a POST larger than max_queue_events to an idle callback is taken and delivered", async () => {
    const server = await faultServer(cleanup);
    const dir = await tempDir(cleanup);
    const config = await writeConfig(dir, `${server.url}/logs`, {
      ...FAST_RETRIES,
      batch_size: 5,
      flush_interval: 0.01,
      max_queue_events: 10,
      queue_full_policy: "block",
    });
    const proc = await runProcess(cleanup, config);
    const body = payloads(11, "oversized");
    const answers: number[] = [];
    // The callback is idle, so waiting (Retry-After) cannot help: three quick tries.
    for (let i = 0; i < 3 && answers.at(-1) !== 200; i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      answers.push((await post(proc.logsUrl, body)).status);
    }
    const taken = answers.at(-1) === 200;
    if (taken) await server.waitForDelivered(idsOf(body), 3000).catch(() => undefined);
    proc.kill("SIGTERM");
    const exit = await proc.waitForExit(10_000);
    const summary = parseSummary(exit.stderr)["api"]!;
    // Over what the receiver took (nothing, when it kept refusing).
    const a = account({ sent: taken ? idsOf(body) : [], server, dropped: summary["dropped"]! });
    const status = knownBug("BUG-3", "block: a POST with more events than max_queue_events is refused (503) forever or not taken whole", () => {
      expect(answers, "receiver answers").toEqual([200]);
      expect(a.delivered).toBe(11);
      expect(a.dropped).toBe(0);
    });
    recordAccounting(a, {
      scenario: "8 BUG-3 block: one POST of 11 events, max_queue_events 10, idle endpoint",
      requests: server.requests.length,
      retries: summary["retried"],
      notes: `BUG-3 ${status}: receiver answers ${answers.join(",")}${taken ? "" : "; the 11 events were never taken (sent counts what the receiver took)"}; exit ${exit.code}`,
    });
    expectIdentity(a);
  });

  // BUG-5 (packages/core/src/pipeline/pipeline.ts offer()): offer() checks only
  // hasRoom(events.length), i.e. with 0 bytes, so max_queue_bytes is ignored by the block policy.
  // The receiver takes a body the byte bound has no room for and answers 200, then #admit
  // (callback-branch.ts) finds no room and, since block cannot make room, drops the events as
  // queue_full. A 200 from the receiver for events that are dropped: the sender will never
  // retry them. Expected: 503 + Retry-After and nothing taken, as for max_queue_events.
  it("BUG-5: block + max_queue_bytes: a POST the byte bound has no room for is refused with 503, never answered 200 and dropped", async () => {
    const { server, gate } = await gatedServer();
    const dir = await tempDir(cleanup);
    const config = await writeConfig(dir, `${server.url}/logs`, {
      ...FAST_RETRIES,
      max_concurrency: 1,
      batch_size: 5,
      flush_interval: 0.01,
      max_queue_events: 1000,
      max_queue_bytes: 2000,
      queue_full_policy: "block",
    });
    const proc = await runProcess(cleanup, config);
    const posts = Array.from({ length: 3 }, (_, i) => payloads(5, `block-bytes-${i}`, 300));
    const answers: number[] = [];
    for (const body of posts) answers.push((await post(proc.logsUrl, body)).status);
    gate.release();
    const accepted = posts.filter((_, i) => answers[i] === 200).flat();
    await server.waitForDelivered(idsOf(accepted), 3000).catch(() => undefined);
    proc.kill("SIGTERM");
    const exit = await proc.waitForExit(10_000);
    const summary = parseSummary(exit.stderr)["api"]!;
    const a = account({ sent: idsOf(accepted), server, dropped: summary["dropped"]! });
    const status = knownBug("BUG-5", "block ignores max_queue_bytes: the receiver answers 200, then drops the events", () => {
      expect(a.dropped, "events answered 200 and then dropped").toBe(0);
      expect(answers).toContain(503);
    });
    recordAccounting(a, {
      scenario: "8 BUG-5 block + max_queue_bytes 2000, 3 POSTs of 5 x 300 B (gated)",
      requests: server.requests.length,
      retries: summary["retried"],
      notes: `BUG-5 ${status}: receiver answers ${answers.join(",")}; ${a.dropped} event(s) answered 200 and then dropped (queue_full); exit ${exit.code}`,
    });
    // Counted, so the identity holds over the events the receiver took.
    expectIdentity(a);
  });

  it("BUG-5 (replay): with max_queue_bytes, replay slows down instead of dropping", async () => {
    const server = await faultServer(cleanup, { respond: () => ({ delayMs: 15 }) });
    const dir = await tempDir(cleanup);
    const config = await writeConfig(dir, `${server.url}/logs`, {
      ...FAST_RETRIES,
      max_concurrency: 1,
      batch_size: 5,
      flush_interval: 0.01,
      max_queue_events: 1000,
      max_queue_bytes: 6000,
    });
    const sent = payloads(300, "replay-bytes", 300);
    const file = await dir.write("events.ndjson", sent.map((p) => JSON.stringify(p)).join("\n") + "\n");
    const exit = await spawnProcess(cleanup, ["replay", file, "--config", config]).waitForExit(20_000);
    const summary = parseSummary(exit.stdout)["api"]!;
    const a = account({ sent: idsOf(sent), server, dropped: summary["dropped"]! });
    const status = knownBug("BUG-5", "replay ignores max_queue_bytes and drops instead of waiting", () => {
      expect(a.dropped, "events replay dropped").toBe(0);
      expect(exit.code).toBe(0);
    });
    recordAccounting(a, {
      scenario: "8 BUG-5 replay, max_queue_bytes 6000 (300 x 300 B, 15 ms/answer)",
      requests: server.requests.length,
      retries: summary["retried"],
      notes: `BUG-5 ${status}: replay dropped ${a.dropped} event(s) (queue_full); exit ${exit.code}`,
    });
    expectIdentity(a);
    expect(a.duplicates).toBe(0);
  });

  it("replay with a full queue (max_queue_events 150, slow endpoint) slows down instead of dropping", async () => {
    const server = await faultServer(cleanup, { respond: () => ({ delayMs: 15 }) });
    const dir = await tempDir(cleanup);
    const config = await writeConfig(dir, `${server.url}/logs`, {
      ...FAST_RETRIES,
      max_retries: 5,
      max_concurrency: 1,
      batch_size: 20,
      flush_interval: 0.01,
      max_queue_events: 150,
      queue_full_policy: "drop_oldest",
    });
    const sent = payloads(1500, "replay");
    const file = await dir.write("events.ndjson", sent.map((p) => JSON.stringify(p)).join("\n") + "\n");
    const proc = spawnProcess(cleanup, ["replay", file, "--config", config]);
    const exit = await proc.waitForExit(20_000);
    const summary = parseSummary(exit.stdout)["api"]!;
    const a = account({ sent: idsOf(sent), server, dropped: summary["dropped"]! });
    recordAccounting(a, {
      scenario: "8 replay, drop_oldest, max_queue_events 150, 15 ms/answer",
      requests: server.requests.length,
      retries: summary["retried"],
      notes: `exit ${exit.code}`,
    });
    expect(exit.code, exit.stderr).toBe(0);
    expectIdentity(a);
    expect(a.delivered).toBe(1500);
    expect(a.dropped).toBe(0);
    expect(a.duplicates).toBe(0);
  });

  // BUG-4 (packages/cli/src/replay-lines.ts): replay offers events in chunks of 100 with
  // { everyPolicy: true }, and offer() refuses a chunk unless the callback has room for all 100.
  // With max_queue_events below 100 there is never room, so `hookline replay` spins forever
  // (sleeping 20 ms per try) and sends nothing. Expected: it delivers everything, slowly.
  it("BUG-4: replay with max_queue_events below 100 (its chunk size) delivers everything", async () => {
    const server = await faultServer(cleanup);
    const dir = await tempDir(cleanup);
    const config = await writeConfig(dir, `${server.url}/logs`, {
      ...FAST_RETRIES,
      batch_size: 5,
      flush_interval: 0.01,
      max_queue_events: 50,
    });
    const sent = payloads(120, "replay-small-queue");
    const file = await dir.write("events.ndjson", sent.map((p) => JSON.stringify(p)).join("\n") + "\n");
    const proc = spawnProcess(cleanup, ["replay", file, "--config", config]);
    const exit = await Promise.race([proc.exited, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 15_000))]);
    proc.kill("SIGKILL");
    await proc.exited;
    const summary = exit ? (parseSummary(exit.stdout)["api"] ?? {}) : {};
    const a = account({ sent: idsOf(sent), server, dropped: summary["dropped"] ?? 0 });
    const status = knownBug("BUG-4", "replay hangs forever when max_queue_events < 100", () => {
      expect(exit, "replay still running after 15 s (killed)").toBeDefined();
      expect(exit!.code).toBe(0);
      expect(a.delivered).toBe(120);
    });
    recordAccounting(a, {
      scenario: "8 BUG-4 replay, max_queue_events 50 (< chunk of 100)",
      requests: server.requests.length,
      retries: summary["retried"],
      notes: `BUG-4 ${status}: ${exit ? `exit ${exit.code}` : "hung, killed after 15 s (events read but never sent: unaccounted)"}; ${server.requests.length} request(s)`,
    });
    if (exit) expectIdentity(a);
  });
});
