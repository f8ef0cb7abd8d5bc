/**
 * Fault 16: a config with no callback hookline relays. Before the fix, `hookline run` started,
 * answered every POST with 200 and dropped everything. Now run and replay refuse to start with a
 * one-line error naming the file (exit 1), and validate reports it as a problem.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { reservePort } from "./support/fault-server.js";
import { faultServer, payloads, spawnProcess, tempDir } from "./support/harness.js";

const cleanup = useCleanup();

/** LiteLLM-only callbacks (skipped by hookline with a warning), and an empty config. */
const CONFIGS = {
  "litellm-only": `litellm_settings:\n  callbacks: ["langfuse"]\n  success_callback: ["s3"]\n`,
  empty: `model_list: []\n`,
} as const;

const errorLine = (stderr: string): string[] => stderr.split("\n").filter((line) => line.startsWith("hookline: "));

describe("fault 16: zero callbacks", () => {
  for (const [kind, yaml] of Object.entries(CONFIGS)) {
    it(`hookline run (${kind}): refuses to start with one error line naming the file, exit 1, never listens`, async () => {
      const dir = await tempDir(cleanup);
      const config = await dir.write("config.yaml", yaml);
      const port = await reservePort();
      const exit = await spawnProcess(cleanup, ["run", "--config", config, "--port", String(port)]).waitForExit(10_000);
      expect(exit.code, exit.stderr).toBe(1);
      expect(exit.stdout).not.toContain("listening");
      const lines = errorLine(exit.stderr);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^hookline: ${config.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: no callbacks to relay to: `));
      if (kind === "litellm-only") expect(exit.stderr).toMatch(/warning: .*langfuse/);
      // Nothing listens: a LiteLLM proxy pointed at it gets connection refused, not 200 and loss.
      await expect(fetch(`http://127.0.0.1:${port}/v1/callbacks/logs`, { method: "POST", body: "[]" })).rejects.toThrow();
    });
  }

  it("hookline replay: refuses to start (exit 1), reads nothing, sends nothing", async () => {
    const server = await faultServer(cleanup);
    const dir = await tempDir(cleanup);
    const config = await dir.write("config.yaml", CONFIGS["litellm-only"]);
    const sent = payloads(10, "zero");
    const file = join(dir.path, "events.ndjson");
    await writeFile(file, sent.map((p) => JSON.stringify(p)).join("\n") + "\n");
    const exit = await spawnProcess(cleanup, ["replay", file, "--config", config]).waitForExit(10_000);
    expect(exit.code, exit.stderr).toBe(1);
    expect(errorLine(exit.stderr)).toEqual([expect.stringContaining(`${config}: no callbacks to relay to: `)]);
    expect(exit.stdout).not.toContain("replayed");
    // Received 0 = delivered 0 + dead-lettered 0 + dropped 0: nothing was taken in the first place.
    expect(server.requests).toHaveLength(0);
  });

  it("hookline validate: reports it as a problem (exit 1)", async () => {
    const dir = await tempDir(cleanup);
    const config = await dir.write("config.yaml", CONFIGS["litellm-only"]);
    const exit = await spawnProcess(cleanup, ["validate", "--config", config]).waitForExit(10_000);
    expect(exit.code, exit.stderr).toBe(1);
    expect(exit.stderr).toContain(`error: ${config}: no callbacks to relay to: `);
    expect(exit.stderr).toContain(`1 problem(s) in ${config}`);
    expect(exit.stdout).not.toContain("OK");
  });
});
