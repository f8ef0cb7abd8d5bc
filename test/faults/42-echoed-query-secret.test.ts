/**
 * An endpoint whose URL carries its API key in the query string and whose error bodies quote the
 * key back (`invalid api_key <key>`), raw, percent-encoded (either case of hex) and JSON-escaped.
 * The failure reason hookline keeps quotes the body, scrubbed: the key reaches neither stderr, nor
 * /health's `last_error`, nor the dead letters' `reason`, through `hookline run` and `hookline
 * replay`. A key written in the URL is masked as `[redacted]`, one from `${VAR}` as `$VAR`. Every
 * event is accounted for.
 */
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { parseSummary } from "../support/summary-table.js";
import { waitFor } from "../support/wait-for.js";
import { account, expectIdentity, readDeadLetters } from "./support/accounting.js";
import { recordAccounting, useFigures } from "./support/figures.js";
import type { FaultRequest } from "./support/fault-server.js";
import { deadLetterPath, faultServer, getText, idsOf, payloads, post, runProcess, spawnProcess, tempDir, writeConfig } from "./support/harness.js";

const cleanup = useCleanup();
useFigures();

/** The key as the endpoint knows it; `/`, `+` and `=` make its encoded forms differ. */
const KEY = "qk_Vb7/Ln+Tz=9sWq4";
/** A second key, from the environment. */
const SIGNATURE = "sig-Rt5Yp0Wc8Nh3Jd";

/** Every form of a value an error body may quote. */
function forms(value: string): string[] {
  const encoded = encodeURIComponent(value);
  return [value, encoded, encoded.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()), JSON.stringify(value).slice(1, -1).replace(/\//g, "\\/")];
}

/** What the endpoint answers: 503 text/plain quoting what it was sent. */
function echo(request: FaultRequest): { status: number; headers: Record<string, string>; body: string } {
  void request;
  const [raw, encoded, lower, json] = forms(KEY);
  return {
    status: 503,
    headers: { "content-type": "text/plain; charset=utf-8" },
    body: `invalid api_key ${raw} (sent as api_key=${encoded}, ${lower}); {"api_key":"${json}","signature":"${SIGNATURE}"}`,
  };
}

const SETTINGS = { retry_delay: 0.01, max_retry_delay: 0.05, max_retries: 1, batch_size: 5, flush_interval: 0.01, timeout: 5 };

/** `texts` (by where they were read) hold no form of either key. */
function expectNoKey(texts: Record<string, string>): void {
  for (const [where, text] of Object.entries(texts)) {
    for (const form of [...forms(KEY), ...forms(SIGNATURE)]) expect(text, `${where} holds ${form}`).not.toContain(form);
  }
}

describe("a query secret echoed by the endpoint's error body", () => {
  it("hookline run: stderr, /health last_error and dead-letter reasons quote the body with the keys masked", async () => {
    const server = await faultServer(cleanup, { respond: echo });
    const dir = await tempDir(cleanup);
    const dead = deadLetterPath(dir);
    const endpoint = `${server.url}/logs?api_key=${encodeURIComponent(KEY)}&signature=\${SIGNATURE}`;
    const config = await writeConfig(dir, endpoint, { ...SETTINGS, dead_letter_path: dead });
    const proc = await runProcess(cleanup, config, { env: { SIGNATURE } });
    const sent = payloads(20, "qsecret");
    for (let i = 0; i < sent.length; i += 5) expect((await post(proc.logsUrl, sent.slice(i, i + 5))).status).toBe(200);

    const health = await waitFor(
      async () => {
        const text = await getText(proc.url, "/health");
        return (JSON.parse(text) as { callbacks: { last_error?: string }[] }).callbacks[0]?.last_error ? text : undefined;
      },
      { timeoutMs: 10_000, what: "/health to show the last error" },
    );
    await waitFor(async () => (await readDeadLetters(dead)).length === sent.length, { timeoutMs: 15_000, what: "every event to be dead-lettered" });
    const finalHealth = await getText(proc.url, "/health");
    proc.kill("SIGTERM");
    const exit = await proc.waitForExit(10_000);
    const letters = await readDeadLetters(dead);
    const summary = parseSummary(exit.stderr)["api"]!;

    const a = account({ sent: idsOf(sent), server, deadLettered: letters.map((l) => l.id), dropped: summary["dropped"]! });
    recordAccounting(a, { scenario: "42 query key echoed in 503 bodies (hookline run)", requests: server.requests.length, retries: summary["retried"], notes: `exit ${exit.code}` });
    expectIdentity(a);
    expect(exit.code).toBe(1);
    // The keys were sent: the scrubbing is of what hookline prints, not of what it sends.
    expect(new URL(server.requests[0]!.path, server.url).pathname).toBe("/logs");

    const lastError = (JSON.parse(finalHealth) as { callbacks: { last_error: string }[] }).callbacks[0]!.last_error;
    // The body is still quoted, so the user sees what the endpoint said, and what was masked.
    expect(lastError).toContain("invalid api_key [redacted]");
    // A key from the environment says which variable it is.
    expect(lastError).toContain('"signature":"$SIGNATURE"');
    for (const letter of letters) expect(letter.reason).toContain("invalid api_key [redacted]");
    expect(exit.stderr).toContain("invalid api_key [redacted]");
    expectNoKey({
      "/health": health,
      "/health (final)": finalHealth,
      stdout: exit.stdout,
      stderr: exit.stderr,
      "dead-letter reasons": letters.map((l) => l.reason).join("\n"),
    });
  });

  it("hookline replay: the same scrubbing on stdout, stderr and the dead letters", async () => {
    const server = await faultServer(cleanup, { respond: echo });
    const dir = await tempDir(cleanup);
    const dead = deadLetterPath(dir);
    const endpoint = `${server.url}/logs?api_key=${encodeURIComponent(KEY)}&signature=\${SIGNATURE}`;
    const config = await writeConfig(dir, endpoint, { ...SETTINGS, dead_letter_path: dead });
    const sent = payloads(12, "qreplay");
    const input = await dir.write("events.ndjson", sent.map((p) => JSON.stringify(p)).join("\n") + "\n");
    const exit = await spawnProcess(cleanup, ["replay", input, "--config", config], { env: { SIGNATURE } }).waitForExit(20_000);
    const letters = await readDeadLetters(dead);
    const summary = parseSummary(exit.stdout)["api"];
    expect(summary, `${exit.code} ${exit.signal} ${exit.stdout}\n${exit.stderr}`).toBeDefined();

    const a = account({ sent: idsOf(sent), server, deadLettered: letters.map((l) => l.id), dropped: summary!["dropped"]! });
    recordAccounting(a, { scenario: "42 query key echoed in 503 bodies (hookline replay)", requests: server.requests.length, retries: summary!["retried"], notes: `exit ${exit.code}` });
    expectIdentity(a);
    expect(exit.code).toBe(1);
    expect(letters).toHaveLength(sent.length);
    for (const letter of letters) expect(letter.reason).toContain("invalid api_key [redacted]");
    expectNoKey({ stdout: exit.stdout, stderr: exit.stderr, "dead-letter reasons": letters.map((l) => l.reason).join("\n") });
  });
});
