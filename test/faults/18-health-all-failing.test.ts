/**
 * Fault 18: /health while every request is refused with a non-retryable status. Before the fix
 * /health said "ok" while every request was answered 401 (only retryable failures counted).
 * Now a callback whose every attempt in the minute before its latest one failed is unhealthy,
 * and healthy again at its first success. /health stays HTTP 200 (see the README).
 */
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { parseSummary } from "../support/summary-table.js";
import { waitFor } from "../support/wait-for.js";
import { account, expectIdentity, readDeadLetters } from "./support/accounting.js";
import { recordAccounting, useFigures } from "./support/figures.js";
import { deadLetterPath, faultServer, getText, idsOf, metricValue, payloads, post, runProcess, tempDir, writeConfig } from "./support/harness.js";

const cleanup = useCleanup();
useFigures();

const TOKEN = "sk-health-7Qm2Lx9Pz4";

interface Health {
  status: string;
  callbacks: { name: string; healthy: boolean; last_error?: string }[];
}

describe("fault 18: every request answered 401", () => {
  it("/health reports the callback unhealthy (status degraded) while every attempt fails, healthy again after a success", async () => {
    let refuse = true;
    const server = await faultServer(cleanup, { respond: () => (refuse ? { status: 401, body: '{"error":"bad key"}' } : undefined) });
    const dir = await tempDir(cleanup);
    const dead = deadLetterPath(dir);
    const config = await writeConfig(
      dir,
      `${server.url}/logs`,
      { batch_size: 10, flush_interval: 0.05, dead_letter_path: dead },
      `    headers:\n      Authorization: Bearer ${TOKEN}\n`,
    );
    const proc = await runProcess(cleanup, config);
    const refused = payloads(30, "unauthorized");
    expect((await post(proc.logsUrl, refused)).status).toBe(200);
    await waitFor(() => server.requests.filter((r) => r.outcome === 401).length >= 3, { timeoutMs: 10_000, what: "3 requests answered 401" });

    const healthResponse = await fetch(`${proc.url}/health`);
    const healthText = await healthResponse.text();
    const health = JSON.parse(healthText) as Health;
    const metrics = await getText(proc.url, "/metrics");
    expect(healthResponse.status).toBe(200);
    expect(health.status).toBe("degraded");
    expect(health.callbacks).toEqual([expect.objectContaining({ name: "api", healthy: false })]);
    expect(health.callbacks[0]!.last_error).toMatch(/responded 401/);
    expect(metricValue(metrics, "hookline_callback_healthy", { callback: "api" })).toBe(0);
    expect(healthText).not.toContain(TOKEN);

    // The endpoint accepts again: the first success makes the callback healthy.
    refuse = false;
    const accepted = payloads(10, "authorized");
    expect((await post(proc.logsUrl, accepted)).status).toBe(200);
    await server.waitForDelivered(idsOf(accepted), 10_000);
    // The endpoint has the events before hookline has read its 200: wait for the answer to count.
    let recovered = JSON.parse(await getText(proc.url, "/health")) as Health;
    await waitFor(async () => {
      recovered = JSON.parse(await getText(proc.url, "/health")) as Health;
      return recovered.status === "ok";
    }, { timeoutMs: 10_000, what: "/health ok after a success" });
    expect(recovered).toMatchObject({ status: "ok", callbacks: [{ name: "api", healthy: true }] });

    proc.kill("SIGTERM");
    const exit = await proc.waitForExit(10_000);
    const summary = parseSummary(exit.stderr)["api"]!;
    const letters = await readDeadLetters(dead);
    const a = account({ sent: [...idsOf(refused), ...idsOf(accepted)], server, deadLettered: letters.map((l) => l.id), dropped: summary["dropped"]! });
    recordAccounting(a, {
      scenario: "18 every request 401, then 200 (hookline run /health)",
      requests: server.requests.length,
      retries: summary["retried"],
      notes: `/health while refused: ${health.status}, healthy ${health.callbacks[0]!.healthy}; after a success: ${recovered.status}; exit ${exit.code}`,
    });
    expectIdentity(a);
    expect(a.delivered).toBe(10);
    expect(a.deadLettered).toBe(30);
    expect(letters.every((l) => l.status === 401)).toBe(true);
    expect(exit.code).toBe(1);
    expect(exit.stderr).not.toContain(TOKEN);
  });
});
