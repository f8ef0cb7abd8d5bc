/**
 * Fault 28: `hookline run` cannot start. A port in use, an address that is not this machine's,
 * an unreadable config and unwritable storage used to end in "unexpected error" with a stack
 * and exit 70 (some of them). Each is one clear `hookline: ...` line and exit 1, and nothing
 * is listening.
 */
import { writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { configYaml, faultServer, spawnProcess, tempDir } from "./support/harness.js";

const cleanup = useCleanup();

/** The lines that are neither warnings nor blank. */
const errorLines = (stderr: string): string[] => stderr.split("\n").filter((line) => line.trim() !== "" && !line.startsWith("warning:"));

describe("fault 28: start-up errors of hookline run", () => {
  it("each is one line, exit 1, no stack", async () => {
    const dir = await tempDir(cleanup);
    const endpoint = await faultServer(cleanup);
    const good = await dir.write("config.yaml", configYaml(`${endpoint.url}/logs`, {}));
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", () => resolve()));
    cleanup(() => new Promise<void>((resolve) => taken.close(() => resolve())));
    const port = String((taken.address() as { port: number }).port);
    await writeFile(join(dir.path, "a-file"), "x");
    const notADirectory = join(dir.path, "a-file", "dead.ndjson");

    const cases: { name: string; args: string[]; line: RegExp }[] = [
      { name: "port in use", args: ["--config", good, "--port", port], line: new RegExp(`^hookline: cannot listen on 127\\.0\\.0\\.1:${port}: the port is already in use \\(EADDRINUSE\\); stop the other process or choose another port`) },
      { name: "address not on this machine", args: ["--config", good, "--host", "192.0.2.1", "--port", "0", "--allow-unauthenticated"], line: /^hookline: cannot listen on 192\.0\.2\.1:0: the address is not one of this machine's \(EADDRNOTAVAIL\)/ },
      {
        name: "unknown host name",
        args: ["--config", good, "--host", "nonexistent.invalid", "--port", "0", "--allow-unauthenticated"],
        line: /^hookline: cannot listen on nonexistent\.invalid:0: (unknown host name \(ENOTFOUND\)|the host name could not be resolved \(EAI_AGAIN\)); check --host or sources\.http\.host$/,
      },
      { name: "config missing", args: ["--config", join(dir.path, "nope.yaml")], line: /^hookline: .*nope\.yaml: cannot read config file: ENOENT$/ },
      { name: "config is a directory", args: ["--config", dir.path], line: /^hookline: .*: cannot read config file: EISDIR$/ },
      {
        name: "receiver dead letters unwritable",
        args: ["--config", await dir.write("dl.yaml", configYaml(`${endpoint.url}/logs`, {}, `sources:\n  http:\n    dead_letter_path: ${notADirectory}\n`))],
        line: /^hookline: sources\.http\.dead_letter_path: cannot write dead-letter file .*: ENOTDIR$/,
      },
      {
        name: "callback dead letters unwritable",
        args: ["--config", await dir.write("cb.yaml", configYaml(`${endpoint.url}/logs`, { dead_letter_path: notADirectory }))],
        line: /^hookline: callback_settings\.api\.dead_letter_path: cannot write dead-letter file .*: (ENOTDIR|EEXIST)$/,
      },
      {
        name: "spool where a file is",
        args: ["--config", await dir.write("spool.yaml", configYaml(`${endpoint.url}/logs`, { spool_path: join(dir.path, "a-file", "spool") }))],
        line: /^hookline: callback_settings\.api\.spool_path: cannot use spool directory .*: (ENOTDIR|EEXIST)$/,
      },
    ];
    for (const { name, args, line } of cases) {
      const exit = await spawnProcess(cleanup, ["run", ...args]).waitForExit(10_000);
      expect(exit.code, `${name}\n${exit.stderr}`).toBe(1);
      expect(exit.stdout, name).not.toContain("listening");
      expect(exit.stderr, name).not.toMatch(/unexpected error|\n\s+at /);
      expect(errorLines(exit.stderr), name).toHaveLength(1);
      expect(errorLines(exit.stderr)[0], name).toMatch(line);
    }
  });
});
