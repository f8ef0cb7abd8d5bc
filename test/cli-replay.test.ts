/**
 * `hookline replay FILE --config CFG`: sends each NDJSON line through the callbacks, in-process
 * (`main`) and through the binary reading stdin (`-`).
 */
import { describe, expect, it } from "vitest";
import { main, sampleEvents } from "../packages/cli/dist/index.js";
import { startCaptureServer, type CaptureServer } from "./support/capture-server.js";
import { useCleanup } from "./support/cleanup.js";
import { recordOutput } from "./support/cli-output.js";
import { spawnHookline } from "./support/hookline-process.js";
import { failure, idsOf, success } from "./support/payloads.js";
import { parseSummary } from "./support/summary-table.js";
import { makeTempDir, type TempDir } from "./support/temp-files.js";

const cleanup = useCleanup();

async function captureServer(): Promise<CaptureServer> {
  const server = await startCaptureServer();
  cleanup(() => server.close());
  return server;
}

async function tempDir(): Promise<TempDir> {
  const dir = await makeTempDir();
  cleanup(() => dir.remove());
  return dir;
}

/** Two callbacks: `everything` (ndjson, batches of 3) and `failures` (failures only). */
function twoCallbacks(url: string): string {
  return `
litellm_settings:
  callbacks: ["everything", "failures"]
callback_settings:
  everything:
    callback_type: generic_api
    endpoint: ${url}/all
    log_format: ndjson
    batch_size: 3
  failures:
    callback_type: generic_api
    endpoint: ${url}/failures
    event_types: [llm_api_failure]
`;
}

const ndjson = (values: readonly unknown[]): string => values.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join("\n") + "\n";

/** The summary counters of `callback`: received, filtered, sent, failed, dropped. */
function summaryRow(text: string, callback: string): Record<string, number> | undefined {
  const row = parseSummary(text)[callback];
  return row && { received: row["received"]!, filtered: row["filtered"]!, sent: row["sent"]!, failed: row["failed"]!, dropped: row["dropped"]! };
}

describe("hookline replay (in-process main)", () => {
  it("delivers every line, prints a summary per callback with sent/filtered/failed, exits 0", async () => {
    const server = await captureServer();
    const dir = await tempDir();
    const cfg = await dir.write("config.yaml", twoCallbacks(server.url));
    const payloads = sampleEvents(25);
    const failures = payloads.filter((p) => p.status === "failure");
    expect(failures.length).toBeGreaterThan(0);
    const file = await dir.write("events.ndjson", ndjson(payloads));

    const output = recordOutput();
    const code = await main(["replay", file, "--config", cfg], { output, env: {} });
    expect(code, output.all).toBe(0);

    expect(server.items("/all")).toHaveLength(25);
    expect(idsOf(server.items("/all")).sort()).toEqual(idsOf(payloads).sort());
    expect(idsOf(server.items("/failures")).sort()).toEqual(idsOf(failures).sort());
    expect(output.stdout).toMatch(/callback\s+received\s+filtered\s+sent\s+failed/);
    expect(summaryRow(output.stdout, "everything")).toEqual({ received: 25, filtered: 0, sent: 25, failed: 0, dropped: 0 });
    expect(summaryRow(output.stdout, "failures")).toEqual({ received: 25, filtered: 25 - failures.length, sent: failures.length, failed: 0, dropped: 0 });
    expect(output.stdout).toContain("replayed 25 event(s) from 25 line(s)");
  });

  it("reports a malformed line with its number and skips it; the rest go; exit 1", async () => {
    const server = await captureServer();
    const dir = await tempDir();
    const cfg = await dir.write("config.yaml", twoCallbacks(server.url));
    const file = await dir.write(
      "events.ndjson",
      ndjson([success("a"), failure("b"), '{"id": "broken", ', "", success("c"), "42", success("d")]),
    );

    const output = recordOutput();
    const code = await main(["replay", file, "--config", cfg], { output, env: {} });
    expect(code).toBe(1);
    expect(output.stderr).toMatch(/line 3: skipped: malformed JSON/);
    expect(output.stderr).toMatch(/line 6: skipped: .*number/);
    expect(output.stderr).not.toMatch(/line [1245]:/);
    expect(idsOf(server.items("/all")).sort()).toEqual(["a", "b", "c", "d"]);
    expect(output.stdout).toContain("skipped 2 malformed line(s)");
    expect(summaryRow(output.stdout, "everything")).toEqual({ received: 4, filtered: 0, sent: 4, failed: 0, dropped: 0 });
  });

  it("re-sends the payload of a dead-letter record", async () => {
    const server = await captureServer();
    const dir = await tempDir();
    const cfg = await dir.write("config.yaml", twoCallbacks(server.url));
    const record = { hookline_dead_letter: 1, callback: "failures", event_type: "llm_api_failure", payload: failure("dl1"), reason: "HTTP 503" };
    const file = await dir.write("dead.ndjson", ndjson([record]));
    const output = recordOutput();
    expect(await main(["replay", file, "--config", cfg], { output, env: {} })).toBe(0);
    expect(server.items("/failures")).toEqual([failure("dl1")]);
  });

  it("an endpoint answering 400 to everything: failed is counted and the exit status is 1", async () => {
    const server = await captureServer();
    server.respond(() => ({ status: 400, body: '{"error":"rejected"}' }));
    const dir = await tempDir();
    const cfg = await dir.write(
      "config.yaml",
      `
litellm_settings:
  callbacks: ["api"]
callback_settings:
  api:
    callback_type: generic_api
    endpoint: ${server.url}/logs
    max_retries: 0
`,
    );
    const file = await dir.write("events.ndjson", ndjson([success("a"), success("b"), success("c")]));
    const output = recordOutput();
    const code = await main(["replay", file, "--config", cfg], { output, env: {} });
    expect(code).toBe(1);
    expect(server.requests.length).toBeGreaterThanOrEqual(1);
    expect(summaryRow(output.stdout, "api")).toEqual({ received: 3, filtered: 0, sent: 0, failed: 3, dropped: 0 });
    expect(output.stderr).toContain("400");
  });

  it("a missing events file is a usage error (exit 2) and nothing is sent", async () => {
    const server = await captureServer();
    const dir = await tempDir();
    const cfg = await dir.write("config.yaml", twoCallbacks(server.url));
    const output = recordOutput();
    expect(await main(["replay", `${dir.path}/nope.ndjson`, "--config", cfg], { output, env: {} })).toBe(2);
    expect(output.stderr).toContain("nope.ndjson");
    expect(server.requests).toHaveLength(0);
  });
});

describe("hookline replay - (the binary, reading stdin)", () => {
  it("delivers every line from stdin and exits 0", async () => {
    const server = await captureServer();
    const dir = await tempDir();
    const cfg = await dir.write("config.yaml", twoCallbacks(server.url));
    const payloads = sampleEvents(40, 3);
    const proc = spawnHookline(["replay", "-", "--config", cfg], { stdin: ndjson(payloads) });
    cleanup(() => proc.kill("SIGKILL"));
    const exit = await proc.waitForExit(15_000);
    expect(exit.code, exit.stderr).toBe(0);
    expect(server.items("/all")).toEqual(expect.arrayContaining(payloads));
    expect(server.items("/all")).toHaveLength(40);
    expect(summaryRow(exit.stdout, "everything")).toEqual({ received: 40, filtered: 0, sent: 40, failed: 0, dropped: 0 });
  });

  it("a malformed line from stdin: reported with its line number, the rest delivered, exit 1", async () => {
    const server = await captureServer();
    const dir = await tempDir();
    const cfg = await dir.write("config.yaml", twoCallbacks(server.url));
    const proc = spawnHookline(["replay", "-", "--config", cfg], { stdin: ndjson([success("a"), "not json", failure("b")]) });
    cleanup(() => proc.kill("SIGKILL"));
    const exit = await proc.waitForExit(15_000);
    expect(exit.code).toBe(1);
    expect(exit.stderr).toMatch(/line 2: skipped: malformed JSON/);
    expect(idsOf(server.items("/all")).sort()).toEqual(["a", "b"]);
    expect(idsOf(server.items("/failures"))).toEqual(["b"]);
  });
});
