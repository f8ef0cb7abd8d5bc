/**
 * Spawns a library script (test/faults/scripts/*.mjs / *.cjs) the way a user runs one: a plain
 * `node script`, importing the built packages, with only the environment the test gives.
 * The script prints one JSON line starting with `RESULT ` when its awaited promise settled.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { WORKSPACE_ROOT, type ProcessExit } from "../../support/hookline-process.js";
import { within } from "../../support/wait-for.js";
import type { Cleanup } from "./harness.js";

/** A script in test/faults/scripts/. */
export const scriptPath = (name: string): string => fileURLToPath(new URL(`../scripts/${name}`, import.meta.url));

/** A finished script run: its exit and the JSON it printed after `RESULT ` (undefined when none). */
export interface ScriptRun extends ProcessExit {
  readonly result: Record<string, unknown> | undefined;
}

/** Runs `node scripts/NAME` with `env` (plus PATH/HOME), bounded: SIGKILLed after `timeoutMs`. */
export async function runScript(cleanup: Cleanup, name: string, env: Readonly<Record<string, string>>, timeoutMs = 20_000): Promise<ScriptRun> {
  const child = spawn(process.execPath, [scriptPath(name)], {
    cwd: WORKSPACE_ROOT,
    env: { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  cleanup(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<ProcessExit>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  let exit: ProcessExit;
  try {
    exit = await within(exited, timeoutMs, `node ${name} to exit`);
  } catch (err) {
    child.kill("SIGKILL");
    throw new Error(`${(err as Error).message}\nstdout:\n${stdout}\nstderr:\n${stderr}`);
  }
  const line = exit.stdout.split("\n").find((l) => l.startsWith("RESULT "));
  return { ...exit, result: line === undefined ? undefined : (JSON.parse(line.slice("RESULT ".length)) as Record<string, unknown>) };
}
