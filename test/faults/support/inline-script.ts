/**
 * Library promises (flush, shutdown) are tested through a spawned Node script that imports the
 * built packages, as an application would: `runNodeScript` writes the script to a temporary
 * file and runs it, with `@hookline/core`, `@hookline/formatters` and `@hookline/exporters`
 * resolved to `packages/*\/dist`. The script reports by printing one JSON line prefixed
 * `RESULT ` (see {@link scriptResult}).
 */
import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { within } from "../../support/wait-for.js";
import { WORKSPACE_ROOT } from "../../support/hookline-process.js";
import type { Cleanup } from "./harness.js";
import { tempDir } from "./harness.js";

const PACKAGES = ["core", "formatters", "exporters"] as const;

export interface ScriptExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `source` (an ES module) with Node; resolves when it exits (killed after `timeoutMs`). */
export async function runNodeScript(cleanup: Cleanup, source: string, options: { readonly timeoutMs?: number } = {}): Promise<ScriptExit> {
  const dir = await tempDir(cleanup);
  let text = source;
  for (const name of PACKAGES) {
    text = text.replaceAll(`"@hookline/${name}"`, JSON.stringify(pathToFileURL(join(WORKSPACE_ROOT, "packages", name, "dist", "index.js")).href));
  }
  const file = await dir.write("script.mjs", text);
  const child = spawn(process.execPath, [file], { cwd: dir.path, stdio: ["ignore", "pipe", "pipe"], env: { PATH: process.env["PATH"] ?? "" } });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<ScriptExit>((resolve) => child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
  cleanup(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  });
  try {
    return await within(exited, options.timeoutMs ?? 15_000, "the node script to exit");
  } catch (err) {
    child.kill("SIGKILL");
    throw new Error(`${(err as Error).message}\nstdout:\n${stdout}\nstderr:\n${stderr}`);
  }
}

/** The JSON a script printed on its `RESULT ` line. */
export function scriptResult<T>(exit: ScriptExit): T {
  const line = exit.stdout.split("\n").find((l) => l.startsWith("RESULT "));
  if (!line) throw new Error(`the script printed no RESULT line (exit ${exit.code})\nstdout:\n${exit.stdout}\nstderr:\n${exit.stderr}`);
  return JSON.parse(line.slice("RESULT ".length)) as T;
}
