/**
 * Fault 19: a library user's queue overflows. Before the fix, `createPipeline` without
 * `onWarning` counted the drops and said nothing. Now it warns by default through
 * `process.emitWarning`, rate-limited (the first drop, then at most one per callback and reason
 * every 10 s), and an `onWarning` replaces that warning.
 */
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { account, droppedSum, expectIdentity } from "./support/accounting.js";
import { recordAccounting, useFigures } from "./support/figures.js";
import { faultServer } from "./support/harness.js";
import { runScript } from "./support/node-script.js";

const cleanup = useCleanup();
useFigures();

const ids = Array.from({ length: 500 }, (_, i) => `overflow-${i}`);
const warningLines = (stderr: string): string[] => stderr.split("\n").filter((line) => line.includes("HooklineWarning"));

describe("fault 19: a library pipeline's queue overflows", () => {
  it("without onWarning: one process warning for the burst of drops (not one per event); the drops are counted", async () => {
    const server = await faultServer(cleanup, { respond: () => ({ delayMs: 100 }) });
    const run = await runScript(cleanup, "queue-overflow.mjs", { HOOKLINE_URL: `${server.url}/logs` });
    expect(run.code, run.stderr).toBe(0);
    const result = run.result!;
    const dropped = droppedSum(result["dropped"] as Record<string, number>);
    const a = account({ sent: ids, server, dropped });
    const lines = warningLines(run.stderr);
    recordAccounting(a, {
      scenario: "19 library queue overflow (max_queue_events 10, 500 logged), default warning",
      requests: server.requests.length,
      notes: `${lines.length} warning line(s): ${lines[0] ?? "none"}`,
    });
    expectIdentity(a);
    expect(result).toMatchObject({ received: 500, failed: 0 });
    expect(dropped).toBeGreaterThanOrEqual(480);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/\[HOOKLINE_WARNING\] HooklineWarning: callback api: \d+ event\(s\) dropped: queue full/);
  });

  it("with onWarning: the messages go there instead, rate-limited the same way; nothing on stderr", async () => {
    const server = await faultServer(cleanup, { respond: () => ({ delayMs: 100 }) });
    const run = await runScript(cleanup, "queue-overflow.mjs", { HOOKLINE_URL: `${server.url}/logs`, HOOKLINE_ON_WARNING: "collect" });
    expect(run.code, run.stderr).toBe(0);
    const result = run.result!;
    const a = account({ sent: ids, server, dropped: droppedSum(result["dropped"] as Record<string, number>) });
    recordAccounting(a, {
      scenario: "19 library queue overflow, onWarning given",
      requests: server.requests.length,
      notes: `${(result["collected"] as string[]).length} message(s) to onWarning; ${warningLines(run.stderr).length} on stderr`,
    });
    expectIdentity(a);
    expect(result["collected"]).toEqual([expect.stringMatching(/^callback api: \d+ event\(s\) dropped: queue full/)]);
    expect(warningLines(run.stderr)).toEqual([]);
    expect(run.stderr).toBe("");
  });
});
