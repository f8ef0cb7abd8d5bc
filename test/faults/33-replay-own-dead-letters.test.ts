/**
 * Fault 33: `hookline replay dead.ndjson` with the config whose `dead_letter_path` is that same
 * file would append to the file while reading it (events failing again are read again). Replay
 * refuses, exit 2, before anything is sent or written, however the file is named (another
 * spelling, a symbolic link, stdin redirected from it); moved aside, the file replays, and new
 * failures go to a fresh dead-letter file.
 */
import { spawn } from "node:child_process";
import { openSync, closeSync } from "node:fs";
import { link, mkdir, readFile, rename, symlink } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { HOOKLINE_BIN, WORKSPACE_ROOT } from "../support/hookline-process.js";
import { parseSummary } from "../support/summary-table.js";
import { within } from "../support/wait-for.js";
import { account, expectIdentity, readDeadLetters } from "./support/accounting.js";
import { recordAccounting, useFigures } from "./support/figures.js";
import { faultServer, idsOf, payloads, spawnProcess, tempDir, writeConfig } from "./support/harness.js";

const cleanup = useCleanup();
useFigures();

/** A dead-letter file of 20 records (an endpoint refused them) and a config writing to it. */
async function deadLetters() {
  const server = await faultServer(cleanup, { respond: () => ({ status: 403 }) });
  const dir = await tempDir(cleanup);
  const config = await writeConfig(dir, `${server.url}/logs`, { max_retries: 0, batch_size: 10, flush_interval: 0.02, dead_letter_path: "dead.ndjson" });
  const sent = payloads(20, "own");
  const input = await dir.write("events.ndjson", sent.map((p) => JSON.stringify(p)).join("\n") + "\n");
  expect((await spawnProcess(cleanup, ["replay", input, "--config", config]).waitForExit(15_000)).code).toBe(1);
  const dead = join(dir.path, "dead.ndjson");
  expect(await readDeadLetters(dead)).toHaveLength(20);
  return { server, dir, config, sent, dead, requestsBefore: server.requests.length };
}

const REFUSAL = /hookline: replay: .* is the dead-letter file of callback api \(callback_settings\.api\.dead_letter_path: .*dead\.ndjson\); events failing again would be appended to it while it is read\. Move it aside first/;

describe("fault 33: replaying the config's own dead-letter file", () => {
  it("is refused with exit 2, by its path, another spelling, a symbolic or a hard link; nothing is sent or written", async () => {
    const { server, dir, config, dead, requestsBefore } = await deadLetters();
    const before = await readFile(dead);
    await symlink(dead, join(dir.path, "symlink.ndjson"));
    await link(dead, join(dir.path, "hardlink.ndjson"));
    await mkdir(join(dir.path, "sub"));
    for (const file of [dead, `${dir.path}/sub/../dead.ndjson`, join(dir.path, "symlink.ndjson"), join(dir.path, "hardlink.ndjson")]) {
      const exit = await spawnProcess(cleanup, ["replay", file, "--config", config]).waitForExit(10_000);
      expect(exit.code, file).toBe(2);
      expect(exit.stderr).toMatch(REFUSAL);
    }
    expect(await readFile(dead)).toEqual(before);
    expect(server.requests.length).toBe(requestsBefore);
  });

  it("is refused when stdin is redirected from it (replay -)", async () => {
    const { server, config, dead, requestsBefore } = await deadLetters();
    const fd = openSync(dead, "r");
    cleanup(() => closeSync(fd));
    const child = spawn(process.execPath, [HOOKLINE_BIN, "replay", "-", "--config", config], { cwd: WORKSPACE_ROOT, stdio: [fd, "pipe", "pipe"], env: { PATH: process.env["PATH"] ?? "" } });
    let stderr = "";
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.stdout!.resume();
    const code = await within(new Promise<number | null>((resolve) => child.once("close", resolve)), 10_000, "replay - to exit");
    expect(code).toBe(2);
    expect(stderr).toMatch(/hookline: replay: stdin is the dead-letter file of callback api/);
    expect(server.requests.length).toBe(requestsBefore);
  });

  it("moved aside, the file replays: every event delivered, and new failures would go to a fresh file", async () => {
    const { server, config, dead, sent } = await deadLetters();
    const moved = `${dead}.replay`;
    await rename(dead, moved);
    server.respond(() => undefined); // the endpoint is back
    const exit = await spawnProcess(cleanup, ["replay", moved, "--config", config]).waitForExit(15_000);
    const summary = parseSummary(exit.stdout)["api"] ?? {};
    const a = account({ sent: idsOf(sent), server, deadLettered: (await readDeadLetters(dead)).map((l) => l.id), dropped: summary["dropped"] ?? 0 });
    recordAccounting(a, { scenario: "33 replay of the dead letters, moved aside first", requests: server.requests.length, notes: `the config's own file refused (exit 2) by path, other spelling, symbolic and hard link, stdin; moved: exit ${exit.code}` });
    expectIdentity(a);
    expect(exit.code, exit.stderr).toBe(0);
    expect(summary["sent"]).toBe(20);
  });
});
