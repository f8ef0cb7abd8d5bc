/**
 * An awaited `shutdown()` or `flush()` holds the process until it settles. The sender's backoff
 * timer is unref()ed, so that an idle application may exit; but a script that awaits shutdown()
 * while a batch waits to be retried used to exit at once, with status 0, printing nothing and
 * losing the batch (and `hookline replay` against a failing endpoint did the same). Each case is a
 * spawned Node script importing the built packages, against a real endpoint that fails twice.
 */
import { spawn } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { within } from "../support/wait-for.js";
import { account, expectIdentity } from "./support/accounting.js";
import { recordAccounting, useFigures } from "./support/figures.js";
import { faultServer, idsOf, payloads, spawnProcess, tempDir, writeConfig } from "./support/harness.js";
import { parseSummary } from "../support/summary-table.js";

const cleanup = useCleanup();
useFigures();

const dist = (pkg: string): string => pathToFileURL(fileURLToPath(new URL(`../../packages/${pkg}/dist/index.js`, import.meta.url))).href;

/** A script that logs `n` events to `url` and then awaits `call` (`shutdown` or `flush`). */
function script(url: string, n: number, call: "shutdown" | "flush"): string {
  return `
import { createPipeline } from ${JSON.stringify(dist("core"))};
import { httpExporter } from ${JSON.stringify(dist("exporters"))};
import { ndjson } from ${JSON.stringify(dist("formatters"))};
const pipeline = createPipeline({ callbacks: [{
  name: "api", formatter: ndjson(), exporter: httpExporter({ url: ${JSON.stringify(url)} }),
  batchSize: 100, flushIntervalMs: 60000, retry: { maxRetries: 5, initialDelayMs: 300, maxDelayMs: 300 },
}] });
for (let i = 0; i < ${n}; i++) pipeline.log({ id: "lib-" + i, status: "success", model: "gpt-4o" });
${call === "flush" ? "await pipeline.flush();\nconsole.log(JSON.stringify({ flushed: pipeline.metrics()[0].sent }));\n" : ""}const report = await pipeline.shutdown();
console.log(JSON.stringify({ sent: report.callbacks[0].sent, failed: report.callbacks[0].failed }));
`;
}

async function runScript(file: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [file], { stdio: ["ignore", "pipe", "pipe"] });
  cleanup(() => child.kill("SIGKILL"));
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const code = await within(new Promise<number | null>((resolve) => child.once("close", resolve)), 15_000, "the script to exit");
  return { code, stdout, stderr };
}

describe("an awaited shutdown() or flush() holds the process", () => {
  for (const call of ["shutdown", "flush"] as const) {
    it(`${call}(): the script waits through two 503s and their backoff, then every event is delivered`, async () => {
      const server = await faultServer(cleanup, { respond: (r) => (r.index < 2 ? { status: 503 } : undefined) });
      const dir = await tempDir(cleanup);
      const file = await dir.write("run.mjs", script(`${server.url}/logs`, 10, call));
      const exit = await runScript(file);
      expect(exit.code, exit.stderr).toBe(0);
      const lines = exit.stdout.trim().split("\n").map((line) => JSON.parse(line) as Record<string, number>);
      expect(lines.at(-1)).toEqual({ sent: 10, failed: 0 });
      if (call === "flush") expect(lines[0]).toEqual({ flushed: 10 });
      const a = account({ sent: Array.from({ length: 10 }, (_, i) => `lib-${i}`), server });
      recordAccounting(a, { scenario: `44 library ${call}() during backoff (spawned script)`, requests: server.requests.length });
      expectIdentity(a);
      expect(server.requests).toHaveLength(3);
    });
  }

  it("hookline replay against an endpoint that fails twice: waits, delivers everything, exit 0", async () => {
    const server = await faultServer(cleanup, { respond: (r) => (r.index < 2 ? { status: 503 } : undefined) });
    const dir = await tempDir(cleanup);
    const config = await writeConfig(dir, `${server.url}/logs`, { retry_delay: 0.3, max_retry_delay: 0.3 });
    const sent = payloads(8, "replay-held");
    const input = await dir.write("events.ndjson", sent.map((p) => JSON.stringify(p)).join("\n") + "\n");
    const exit = await spawnProcess(cleanup, ["replay", input, "--config", config]).waitForExit(15_000);
    expect(exit.stdout).toContain("replayed 8 event(s)");
    const summary = parseSummary(exit.stdout)["api"];
    expect(summary, exit.stdout + exit.stderr).toBeDefined();
    const a = account({ sent: idsOf(sent), server, dropped: summary!["dropped"]! });
    recordAccounting(a, { scenario: "44 replay during backoff (hookline replay)", requests: server.requests.length, retries: summary!["retried"] });
    expectIdentity(a);
    expect(exit.code).toBe(0);
  });
});
