/**
 * Self-telemetry during a failing scenario: GET /metrics of a `hookline run` process exposes the
 * retry, drop, request and queue series, and no header value (the Authorization token of the
 * config, which the endpoint even echoes back in its error bodies) appears in /metrics, /health,
 * stdout, stderr or the dead-letter file.
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

const TOKEN = "sk-fault-Zq9vX2mW7tR4yK8p";
const CUSTOM = "custom-header-value-5HjL0";

describe("metrics and secrets while failing", () => {
  it("/metrics shows retries, queue_full drops, 5xx requests and queue depth; no header value leaks anywhere", async () => {
    // Always failing, and echoing the credentials back in a text/plain body.
    const server = await faultServer(cleanup, {
      respond: (r) => ({
        status: 503,
        headers: { "content-type": "text/plain" },
        body: `upstream down; you sent ${String(r.headers["authorization"])} and ${String(r.headers["x-custom"])}`,
        delayMs: 5,
      }),
    });
    const dir = await tempDir(cleanup);
    const dead = deadLetterPath(dir);
    const config = await writeConfig(
      dir,
      `${server.url}/logs`,
      {
        retry_delay: 0.01,
        max_retry_delay: 0.05,
        max_retries: 3,
        batch_size: 5,
        flush_interval: 0.01,
        max_queue_events: 20,
        queue_full_policy: "drop_oldest",
        dead_letter_path: dead,
      },
      // headers: the token inline, and another one from the environment.
      `    headers:\n      Authorization: Bearer ${TOKEN}\n      X-Custom: \${CUSTOM_HEADER}\n`,
    );
    const proc = await runProcess(cleanup, config, { env: { CUSTOM_HEADER: CUSTOM } });
    const sent = payloads(100, "metrics");
    for (let i = 0; i < sent.length; i += 10) expect((await post(proc.logsUrl, sent.slice(i, i + 10))).status).toBe(200);

    let metrics = "";
    await waitFor(
      async () => {
        metrics = await getText(proc.url, "/metrics");
        return (
          (metricValue(metrics, "hookline_events_retried_total", { callback: "api" }) ?? 0) > 0 &&
          (metricValue(metrics, "hookline_events_dropped_total", { callback: "api", reason: "queue_full" }) ?? 0) > 0 &&
          (metricValue(metrics, "hookline_requests_total", { callback: "api", status_class: "5xx" }) ?? 0) > 0
        );
      },
      { timeoutMs: 5000, what: "retry, drop and 5xx series to move" },
    );
    const health = await getText(proc.url, "/health");
    expect(metricValue(metrics, "hookline_queue_events", { callback: "api" })).toBeGreaterThanOrEqual(0);
    expect(metricValue(metrics, "hookline_queue_events", { callback: "api" })).toBeLessThanOrEqual(20);
    expect(metrics).toMatch(/^# TYPE hookline_events_retried_total counter$/m);
    expect(metrics).toMatch(/^# TYPE hookline_queue_events gauge$/m);
    expect(JSON.parse(health)).toMatchObject({ status: "degraded", callbacks: [{ name: "api", healthy: false }] });

    // Let every batch run out of retries, then stop.
    await waitFor(async () => metricValue(await getText(proc.url, "/metrics"), "hookline_queue_events", { callback: "api" }) === 0, {
      timeoutMs: 10_000,
      what: "the queue to empty",
    });
    const finalMetrics = await getText(proc.url, "/metrics");
    const finalHealth = await getText(proc.url, "/health");
    // The endpoint's echo reached the failure reason, scrubbed.
    expect(JSON.parse(finalHealth).callbacks[0].last_error).toContain("[redacted]");
    proc.kill("SIGTERM");
    const exit = await proc.waitForExit(10_000);
    const summary = parseSummary(exit.stderr)["api"]!;
    const letters = await readDeadLetters(dead);
    const deadText = letters.map((l) => l.reason).join("\n");

    const a = account({ sent: idsOf(sent), server, deadLettered: letters.map((l) => l.id), dropped: summary["dropped"]! });
    recordAccounting(a, {
      scenario: "12 /metrics + secrets, always 503 with echoed token (hookline run)",
      requests: server.requests.length,
      retries: summary["retried"],
      notes: `5xx=${metricValue(finalMetrics, "hookline_requests_total", { callback: "api", status_class: "5xx" })}, dropped{queue_full}=${metricValue(finalMetrics, "hookline_events_dropped_total", { callback: "api", reason: "queue_full" })}, exit ${exit.code}`,
    });
    expectIdentity(a);
    expect(exit.code).toBe(1);
    expect(server.requests[0]!.headers["authorization"]).toBe(`Bearer ${TOKEN}`);
    expect(server.requests[0]!.headers["x-custom"]).toBe(CUSTOM);
    for (const [where, text] of [
      ["/metrics", metrics],
      ["/metrics (final)", finalMetrics],
      ["/health", health],
      ["/health (final)", finalHealth],
      ["stdout", exit.stdout],
      ["stderr", exit.stderr],
      ["dead-letter reasons", deadText],
    ] as const) {
      expect(text, where).not.toContain(TOKEN);
      expect(text, where).not.toContain(CUSTOM);
    }
  });
});
