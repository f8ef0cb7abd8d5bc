/**
 * Fault 32: the spool is damaged between two runs (its last record cut short, a byte flipped, a
 * segment deleted). The restart keeps every intact record and delivers it, moves the damaged
 * bytes aside (`<segment>.corrupt-<time>` in the spool directory), and reports how many events
 * were lost: a warning at start, `hookline_spool_events_lost_total`, the summary, exit 1.
 */
import { readdir, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { parseSummary } from "../support/summary-table.js";
import { account, expectIdentity } from "./support/accounting.js";
import { recordAccounting, useFigures } from "./support/figures.js";
import { reservePort, startFaultServer } from "./support/fault-server.js";
import { FAST_RETRIES, getText, idsOf, metricValue, payloads, post, runProcess, tempDir, writeConfig } from "./support/harness.js";
import type { StandardLoggingPayload } from "@hookline/core";

const cleanup = useCleanup();
useFigures();

interface Setup {
  readonly config: string;
  readonly spool: string;
  readonly port: number;
}

async function setup(): Promise<Setup> {
  const dir = await tempDir(cleanup);
  const port = await reservePort(); // down until the last run
  const spool = join(dir.path, "spool");
  const config = await writeConfig(dir, `http://127.0.0.1:${port}/logs`, { ...FAST_RETRIES, max_retries: 1000, max_retry_time: 0, batch_size: 10, flush_interval: 0.02, spool_path: spool });
  return { config, spool, port };
}

/** A run while the endpoint is down: every body answered 200 (on disk), then kill -9. */
async function runAndKill(s: Setup, bodies: readonly StandardLoggingPayload[][]): Promise<void> {
  const proc = await runProcess(cleanup, s.config);
  for (const body of bodies) expect((await post(proc.logsUrl, body)).status).toBe(200);
  proc.kill("SIGKILL");
  await proc.waitForExit(5000);
}

const segments = async (spool: string): Promise<string[]> => (await readdir(spool)).filter((f) => /^segment-\d+\.ndjson$/.test(f)).sort();

/** The endpoint comes up and hookline restarts: what it delivers, says and exits with. */
async function restart(s: Setup, expected: readonly string[]) {
  const server = await startFaultServer({ port: s.port });
  cleanup(() => server.close());
  const proc = await runProcess(cleanup, s.config);
  await server.waitForDelivered(expected);
  const lost = metricValue(await getText(proc.url, "/metrics"), "hookline_spool_events_lost_total", { callback: "api" });
  proc.kill("SIGTERM");
  const exit = await proc.waitForExit(10_000);
  return { server, exit, lost, summary: parseSummary(exit.stderr)["api"] ?? {}, moved: (await readdir(s.spool)).filter((f) => f.includes(".corrupt-")) };
}

describe("fault 32: a damaged spool, restart", () => {
  it("its last record cut short: the rest is delivered, the cut one reported lost and moved aside", async () => {
    const s = await setup();
    const sent = [0, 1, 2].map((i) => payloads(10, `cut-${i}`));
    await runAndKill(s, sent);
    const [segment] = await segments(s.spool);
    const path = join(s.spool, segment!);
    const size = (await readFile(path)).length;
    await truncate(path, size - 25);

    const all = idsOf(sent.flat());
    const { server, exit, lost, summary, moved } = await restart(s, all.slice(0, -1));
    const a = account({ sent: all, server, dropped: summary["spool-lost"] ?? 0 });
    recordAccounting(a, { scenario: "32a spool: last record cut short between runs", requests: server.requests.length, notes: `spool-lost ${summary["spool-lost"]} (in "dropped"); moved aside ${moved.length} file(s); exit ${exit.code}` });
    expectIdentity(a);
    expect([...a.deliveredIds]).not.toContain("cut-2-9");
    expect(exit.stderr).toMatch(/warning: callback_settings\.api\.spool_path: spool .*: 1 event\(s\) lost: the last record of segment-\d+\.ndjson was cut short .*; damaged bytes moved to .*\.corrupt-/);
    expect(lost).toBe(1);
    expect(summary["spool-lost"]).toBe(1);
    expect(exit.stderr).toContain("callback api: 1 event(s) were lost from a damaged spool");
    expect(moved).toHaveLength(1);
    expect(await readFile(join(s.spool, moved[0]!), "utf8")).toContain('"id":"cut-2-9"');
    expect(exit.code).toBe(1);
  });

  it("a flipped byte in the middle of the spool: only that record's event is lost", async () => {
    const s = await setup();
    const sent = [0, 1, 2].map((i) => payloads(10, `flip-${i}`));
    await runAndKill(s, sent);
    const [segment] = await segments(s.spool);
    const path = join(s.spool, segment!);
    const bytes = await readFile(path);
    const at = bytes.indexOf('"id":"flip-1-4"');
    bytes[at + 8] = bytes[at + 8]! ^ 0x01; // "flip" -> "fhip"
    await writeFile(path, bytes);

    const all = idsOf(sent.flat());
    const { server, exit, lost, summary } = await restart(s, all.filter((id) => id !== "flip-1-4"));
    const a = account({ sent: all, server, dropped: summary["spool-lost"] ?? 0 });
    recordAccounting(a, { scenario: "32b spool: one byte flipped between runs", requests: server.requests.length, notes: `spool-lost ${summary["spool-lost"]} (in "dropped"); exit ${exit.code}` });
    expectIdentity(a);
    expect(a.strangers).toEqual([]); // "fhip-1-4" was not sent as if it were an event
    expect(lost).toBe(1);
    expect(exit.stderr).toMatch(/1 event\(s\) lost: 1 damaged record\(s\) in segment-\d+\.ndjson \(checksum mismatch\); 1 record\(s\) missing \(sequence 14: /);
    expect(exit.code).toBe(1);
  });

  it("a deleted segment (the older one): the other is delivered, the deleted one's events are counted from the gap", async () => {
    const s = await setup();
    const older = payloads(10, "older");
    const newer = payloads(12, "newer");
    await runAndKill(s, [older]);
    await runAndKill(s, [newer]); // the second run appends to a segment of its own
    const files = await segments(s.spool);
    expect(files).toHaveLength(2);
    await rm(join(s.spool, files[0]!));

    const { server, exit, lost, summary } = await restart(s, idsOf(newer));
    const a = account({ sent: idsOf([...older, ...newer]), server, dropped: summary["spool-lost"] ?? 0 });
    recordAccounting(a, { scenario: "32c spool: older segment deleted between runs", requests: server.requests.length, notes: `spool-lost ${summary["spool-lost"]} (in "dropped"); exit ${exit.code}` });
    expectIdentity(a);
    expect(lost).toBe(10);
    expect(exit.stderr).toMatch(/10 event\(s\) lost: 10 record\(s\) missing \(sequence 0-9: a deleted or truncated segment/);
    expect(exit.code).toBe(1);
  });

  it("a deleted segment (the last one): noticed from the checkpoint, its events counted", async () => {
    const s = await setup();
    const older = payloads(10, "kept");
    const newer = payloads(12, "deleted");
    await runAndKill(s, [older]);
    await runAndKill(s, [newer]);
    const files = await segments(s.spool);
    await rm(join(s.spool, files.at(-1)!));

    const { server, exit, lost, summary } = await restart(s, idsOf(older));
    const a = account({ sent: idsOf([...older, ...newer]), server, dropped: summary["spool-lost"] ?? 0 });
    recordAccounting(a, { scenario: "32d spool: last segment deleted between runs", requests: server.requests.length, notes: `spool-lost ${summary["spool-lost"]} (in "dropped"); exit ${exit.code}` });
    expectIdentity(a);
    expect(lost).toBe(12);
    expect(exit.code).toBe(1);
  });
});
