/**
 * The command line itself, through the spawned binary: `--help` on every subcommand, `--version`,
 * and unknown options, which name the subcommand's valid ones and exit with status 2.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { spawnHookline, type ProcessExit } from "./support/hookline-process.js";

const VERSION = (JSON.parse(readFileSync(new URL("../packages/cli/package.json", import.meta.url), "utf8")) as { version: string }).version;

/** Each subcommand with the long options its help must list. */
const SUBCOMMANDS: Record<string, readonly string[]> = {
  run: ["--config", "--port", "--host", "--drain-timeout", "--allow-unauthenticated"],
  replay: ["--config", "--drain-timeout"],
  validate: ["--config"],
  demo: ["--config", "--events", "--count", "--inbox"],
  inbox: ["--port", "--host"],
  presets: ["--config"],
  docs: ["--out", "--check"],
  schema: ["--out", "--check"],
};

async function hookline(...args: string[]): Promise<ProcessExit> {
  return spawnHookline(args).waitForExit(15_000);
}

describe("hookline --help, --version and unknown options", () => {
  it.each(Object.entries(SUBCOMMANDS))("hookline %s --help prints its usage and options and exits 0", async (name, options) => {
    // --config of a file that does not exist: help must win before anything is read or started.
    const exit = await hookline(name, "--help", "--config", "/nonexistent/config.yaml");
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.stderr).toBe("");
    expect(exit.stdout).toContain(`Usage: hookline ${name} `);
    for (const option of [...options, "--help"]) expect(exit.stdout).toContain(option);
    expect(exit.stdout).not.toContain("listening");
  });

  it("hookline help run and hookline run -h print the same help as hookline run --help", async () => {
    const [long, short, viaHelp] = await Promise.all([hookline("run", "--help"), hookline("run", "-h"), hookline("help", "run")]);
    expect(long.code).toBe(0);
    expect(short).toEqual(long);
    expect(viaHelp).toEqual(long);
  });

  it("hookline --help lists every subcommand and the exit statuses", async () => {
    const exit = await hookline("--help");
    expect(exit.code).toBe(0);
    for (const name of Object.keys(SUBCOMMANDS)) expect(exit.stdout).toMatch(new RegExp(`^  ${name} `, "m"));
    expect(exit.stdout).toContain("2 usage errors");
  });

  it("hookline without a command prints the overview and exits 2", async () => {
    const exit = await hookline();
    expect(exit.code).toBe(2);
    expect(exit.stdout).toContain("Usage: hookline [options] [command]");
  });

  it.each(["--version", "-V", "version"])("hookline %s prints the version of the package", async (flag) => {
    const exit = await hookline(flag);
    expect(exit.code).toBe(0);
    expect(exit.stdout).toBe(`hookline ${VERSION}\n`);
  });

  it.each(Object.entries(SUBCOMMANDS))("hookline %s --nope is a usage error naming the subcommand and its valid options", async (name, options) => {
    const exit = await hookline(name, "--nope");
    expect(exit.code).toBe(2);
    const first = exit.stderr.split("\n")[0]!;
    expect(first).toMatch(new RegExp(`^hookline: ${name}: unknown option '--nope'; hookline ${name} takes `));
    for (const option of [...options, "--help"]) expect(first).toContain(option);
    // A hint to the subcommand's help follows, on stderr; stdout stays empty for scripts.
    expect(exit.stderr).toContain(`(hookline ${name} --help shows its usage)`);
    expect(exit.stdout).toBe("");
  });

  it("a misspelt option suggests the one meant", async () => {
    const exit = await hookline("demo", "--cont", "3");
    expect(exit.code).toBe(2);
    expect(exit.stderr).toContain("hookline: demo: unknown option '--cont' (did you mean --count?)");
  });

  it("an unknown command is a usage error listing the commands", async () => {
    const exit = await hookline("rnu");
    expect(exit.code).toBe(2);
    expect(exit.stderr.split("\n")[0]).toBe("hookline: unknown command 'rnu' (did you mean run?); expected run, replay, validate, demo, inbox, presets, docs, schema, help");
  });

  it("a missing option value and an extra argument are usage errors", async () => {
    const [missing, extra] = await Promise.all([hookline("run", "--config"), hookline("validate", "--config", "a.yaml", "b.yaml")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("hookline: run: option '-c, --config <file>' argument missing");
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain("hookline: validate: too many arguments");
  });

  it("hookline's own usage errors keep their message and point to the subcommand's help", async () => {
    const exit = await hookline("run", "--port", "0");
    expect(exit.code).toBe(2);
    expect(exit.stderr).toBe("hookline: run needs --config FILE\n(hookline run --help shows its usage)\n");
  });
});
