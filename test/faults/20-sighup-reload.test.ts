/**
 * Fault 20: SIGHUP reloads `hookline run`'s config (the endpoint changes from A to B on disk)
 * without losing an acknowledged event. Events posted before the reload are delivered by the
 * old pipeline (to A) or, when it cannot in time, handed to the new one through the shared
 * spool (to B); events posted during and after it reach B; an invalid new config keeps the old
 * one running; SIGTERM after a reload still drains. Real SIGHUP, spawned binary.
 */
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { parseSummary } from "../support/summary-table.js";
import { createGate, waitFor } from "../support/wait-for.js";
import { account, expectIdentity } from "./support/accounting.js";
import { recordAccounting, useFigures } from "./support/figures.js";
import { configYaml, FAST_RETRIES, faultServer, idsOf, payloads, post, runProcess, tempDir, type Settings } from "./support/harness.js";
import { deliveredAt, mergedDeliveries } from "./support/merged-deliveries.js";

const cleanup = useCleanup();
useFigures();

const SETTINGS: Settings = { ...FAST_RETRIES, max_retries: 50, max_retry_time: 0, batch_size: 5, flush_interval: 0.02, max_concurrency: 2 };

/** Posts `n` events in bodies of 5, one after another; every answer must be 200. */
async function postAll(logsUrl: string, events: readonly unknown[]): Promise<void> {
  for (let i = 0; i < events.length; i += 5) expect((await post(logsUrl, events.slice(i, i + 5))).status).toBe(200);
}

const reloads = (stderr: string): number => stderr.split("\n").filter((line) => line.startsWith("reload: running")).length;

describe("fault 20: SIGHUP reloads the config without losing an acknowledged event", () => {
  it("no shared storage: the new pipeline takes requests at once, the old one drains to A; nothing is lost or doubled", async () => {
    const gateA = createGate();
    cleanup(() => gateA.release());
    const a = await faultServer(cleanup, { respond: () => ({ gate: gateA.promise }) });
    const b = await faultServer(cleanup);
    const dir = await tempDir(cleanup);
    const file = await dir.write("config.yaml", configYaml(`${a.url}/logs`, SETTINGS));
    const proc = await runProcess(cleanup, file);

    const before = payloads(30, "hup-before");
    await postAll(proc.logsUrl, before);
    // A holds every answer: the old pipeline has events in flight and queued when the signal comes.
    await waitFor(() => a.requests.length >= 2, { what: "requests held at A" });

    await dir.write("config.yaml", configYaml(`${b.url}/logs`, SETTINGS));
    proc.kill("SIGHUP");
    const during = payloads(20, "hup-during");
    await postAll(proc.logsUrl, during);
    await waitFor(() => reloads(proc.stderr) === 1, { what: () => `the reload to finish; stderr:\n${proc.stderr}` });
    const after = payloads(20, "hup-after");
    await postAll(proc.logsUrl, after);
    await b.waitForDelivered(idsOf(after));
    // The process is alive (SIGHUP used to end it with 129), and the old pipeline still drains to A.
    expect(proc.child.exitCode).toBeNull();
    gateA.release();
    await a.waitForDelivered(idsOf(before));

    proc.kill("SIGTERM");
    const exit = await proc.waitForExit(10_000);
    const sent = [...before, ...during, ...after];
    const accounting = account({ sent: idsOf(sent), server: mergedDeliveries(a, b), dropped: parseSummary(exit.stderr)["api"]?.["dropped"] ?? 0 });
    recordAccounting(accounting, {
      scenario: "20a SIGHUP A->B, no shared storage, A held during the reload",
      requests: a.requests.length + b.requests.length,
      notes: `A got ${deliveredAt(a).size}, B got ${deliveredAt(b).size}; exit ${exit.code}`,
    });
    expectIdentity(accounting);
    expect(accounting.duplicates).toBe(0);
    const atA = deliveredAt(a);
    const atB = deliveredAt(b);
    expect(idsOf(before).every((id) => atA.has(id) && !atB.has(id))).toBe(true);
    expect(idsOf(after).every((id) => atB.has(id) && !atA.has(id))).toBe(true);
    expect(idsOf(during).every((id) => atA.has(id) !== atB.has(id))).toBe(true);
    expect(exit.code, exit.stderr).toBe(0);
    expect(parseSummary(exit.stderr)["api"]).toMatchObject({ received: 70, sent: 70, failed: 0 });
  });

  it("shared spool_path, A answering slowly: requests during the reload wait for the old pipeline to drain to A, then go to B", async () => {
    const a = await faultServer(cleanup, { respond: () => ({ delayMs: 150 }) });
    const b = await faultServer(cleanup);
    const dir = await tempDir(cleanup);
    const settings = { ...SETTINGS, spool_path: "spool" };
    const file = await dir.write("config.yaml", configYaml(`${a.url}/logs`, settings));
    const proc = await runProcess(cleanup, file);

    const before = payloads(30, "hup-spool-before");
    await postAll(proc.logsUrl, before);
    await dir.write("config.yaml", configYaml(`${b.url}/logs`, settings));
    proc.kill("SIGHUP");
    await waitFor(() => proc.stderr.includes("new requests wait"), { what: () => `the reload to hold requests; stderr:\n${proc.stderr}` });
    const during = payloads(10, "hup-spool-during");
    const held = post(proc.logsUrl, during);
    const after = payloads(10, "hup-spool-after");
    expect((await held).status).toBe(200);
    await waitFor(() => reloads(proc.stderr) === 1, { what: () => `the reload to finish; stderr:\n${proc.stderr}` });
    await postAll(proc.logsUrl, after);
    await b.waitForDelivered(idsOf([...during, ...after]));

    proc.kill("SIGTERM");
    const exit = await proc.waitForExit(10_000);
    const sent = [...before, ...during, ...after];
    const accounting = account({ sent: idsOf(sent), server: mergedDeliveries(a, b) });
    recordAccounting(accounting, {
      scenario: "20b SIGHUP A->B, same spool_path, A slow (drain then start)",
      requests: a.requests.length + b.requests.length,
      notes: `A got ${deliveredAt(a).size}, B got ${deliveredAt(b).size}; exit ${exit.code}`,
    });
    expectIdentity(accounting);
    expect(accounting.duplicates).toBe(0);
    expect(idsOf(before).every((id) => deliveredAt(a).has(id))).toBe(true);
    expect([...idsOf(during), ...idsOf(after)].every((id) => deliveredAt(b).has(id) && !deliveredAt(a).has(id))).toBe(true);
    expect(exit.code, exit.stderr).toBe(0);
  });

  it("shared spool_path, A holding every answer past --drain-timeout: the old pipeline leaves its events in the spool and the new one delivers them to B", async () => {
    const gateA = createGate();
    cleanup(() => gateA.release());
    const a = await faultServer(cleanup, { respond: () => ({ gate: gateA.promise }) });
    const b = await faultServer(cleanup);
    const dir = await tempDir(cleanup);
    const settings = { ...SETTINGS, spool_path: "spool" };
    const file = await dir.write("config.yaml", configYaml(`${a.url}/logs`, settings));
    const proc = await runProcess(cleanup, file, { extraArgs: ["--drain-timeout", "0.5"] });

    const before = payloads(30, "hup-handover-before");
    await postAll(proc.logsUrl, before);
    await waitFor(() => a.requests.length >= 2, { what: "requests held at A" });
    await dir.write("config.yaml", configYaml(`${b.url}/logs`, settings));
    proc.kill("SIGHUP");
    const during = payloads(10, "hup-handover-during");
    await postAll(proc.logsUrl, during);
    await b.waitForDelivered(idsOf([...before, ...during]));
    // The 30 held at A, and any of `during` that reached the old pipeline before the signal did.
    const left = /reload: previous configuration: callback api: (\d+) event\(s\) not delivered within 0\.5 s, left in the spool spool$/m.exec(proc.stderr);
    expect(left, proc.stderr).not.toBeNull();
    expect(Number(left![1])).toBeGreaterThanOrEqual(30);

    proc.kill("SIGTERM");
    const exit = await proc.waitForExit(10_000);
    const accounting = account({ sent: idsOf([...before, ...during]), server: mergedDeliveries(a, b) });
    recordAccounting(accounting, {
      scenario: "20c SIGHUP A->B, same spool_path, A held past --drain-timeout 0.5 (handed over in the spool)",
      requests: a.requests.length + b.requests.length,
      notes: `A got ${deliveredAt(a).size}, B got ${deliveredAt(b).size}; exit ${exit.code}`,
    });
    expectIdentity(accounting);
    expect(deliveredAt(a).size).toBe(0);
    // Handed over, not lost: the run delivered everything, so it exits 0.
    expect(exit.code, exit.stderr).toBe(0);
    expect(parseSummary(exit.stderr)["api"]).toMatchObject({ failed: 0, sent: 40 });
  });

  it("an invalid new config is reported (one line per problem, no secret) and the old one keeps running; the exit code is unaffected", async () => {
    const a = await faultServer(cleanup);
    const dir = await tempDir(cleanup);
    const headers = "    headers:\n      Authorization: Bearer sk-secret-hup-123\n";
    const file = await dir.write("config.yaml", configYaml(`${a.url}/logs`, SETTINGS, headers));
    const proc = await runProcess(cleanup, file);
    const before = payloads(10, "hup-bad-before");
    await postAll(proc.logsUrl, before);

    await dir.write("config.yaml", configYaml(`${a.url}/logs`, { ...SETTINGS, batch_size: "lots" }, headers));
    proc.kill("SIGHUP");
    await waitFor(() => proc.stderr.includes("still running the previous configuration"), { what: () => `the reload to fail; stderr:\n${proc.stderr}` });
    expect(proc.stderr).toMatch(/^reload failed: .*config\.yaml: callback_settings\.api\.batch_size: expected a positive integer; got "lots"$/m);
    expect(proc.stderr).not.toContain("sk-secret-hup-123");

    const after = payloads(10, "hup-bad-after");
    await postAll(proc.logsUrl, after);
    await a.waitForDelivered(idsOf([...before, ...after]));
    proc.kill("SIGTERM");
    const exit = await proc.waitForExit(10_000);
    const accounting = account({ sent: idsOf([...before, ...after]), server: a });
    recordAccounting(accounting, { scenario: "20d SIGHUP with an invalid config (old one keeps running)", requests: a.requests.length, notes: `exit ${exit.code}` });
    expectIdentity(accounting);
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.stderr).not.toContain("sk-secret-hup-123");
  });

  it("a second SIGHUP during a reload is not lost: the config written last is the one running; SIGTERM after the reloads still drains", async () => {
    const a = await faultServer(cleanup, { respond: () => ({ delayMs: 100 }) });
    const b = await faultServer(cleanup);
    const c = await faultServer(cleanup, { respond: () => ({ delayMs: 50 }) });
    const dir = await tempDir(cleanup);
    const settings = { ...SETTINGS, spool_path: "spool" };
    const file = await dir.write("config.yaml", configYaml(`${a.url}/logs`, settings));
    const proc = await runProcess(cleanup, file);
    const before = payloads(20, "hup2-before");
    await postAll(proc.logsUrl, before);

    await dir.write("config.yaml", configYaml(`${b.url}/logs`, settings));
    proc.kill("SIGHUP");
    // The first reload holds requests while A drains; the second signal comes in the middle of it.
    await waitFor(() => proc.stderr.includes("new requests wait"), { what: "the first reload to be under way" });
    await dir.write("config.yaml", configYaml(`${c.url}/logs`, settings));
    proc.kill("SIGHUP");
    await waitFor(() => reloads(proc.stderr) === 2, { what: () => `two reloads; stderr:\n${proc.stderr}` });
    const after = payloads(20, "hup2-after");
    await postAll(proc.logsUrl, after);
    proc.kill("SIGTERM");
    const exit = await proc.waitForExit(10_000);

    const accounting = account({ sent: idsOf([...before, ...after]), server: mergedDeliveries(a, b, c) });
    recordAccounting(accounting, {
      scenario: "20e two SIGHUPs A->B->C (second during the first), SIGTERM right after posting",
      requests: a.requests.length + b.requests.length + c.requests.length,
      notes: `A ${deliveredAt(a).size}, B ${deliveredAt(b).size}, C ${deliveredAt(c).size}; exit ${exit.code}`,
    });
    expectIdentity(accounting);
    expect(accounting.duplicates).toBe(0);
    expect(idsOf(after).every((id) => deliveredAt(c).has(id))).toBe(true);
    expect(exit.code, exit.stderr).toBe(0);
  });
});
