import { spawn } from "node:child_process";
import { HOOKLINE_BIN, WORKSPACE_ROOT } from "./hookline-process.js";
import { within } from "./wait-for.js";

/** A `hookline` process whose stdin, stdout and stderr are a pseudo-terminal. */
export interface TerminalProcess {
  /** What the terminal showed so far (stdout and stderr together, as on a screen; `\r\n` line ends). */
  readonly screen: string;
  /** Resolves (bounded) with the exit status and the whole screen; kills the process if it does not exit in time. */
  waitForExit(timeoutMs?: number): Promise<{ readonly code: number | null; readonly screen: string }>;
  kill(): void;
}

const quote = (arg: string): string => `'${arg.replace(/'/g, `'\\''`)}'`;

/**
 * Runs `node packages/cli/dist/bin.js ...args` on a pseudo-terminal, through util-linux
 * `script` (`-q` quiet, `-f` flush each write, `-e` its exit status is the command's).
 */
export function spawnInTerminal(args: readonly string[], env: Readonly<Record<string, string>> = {}): TerminalProcess {
  const command = [process.execPath, HOOKLINE_BIN, ...args].map(quote).join(" ");
  const child = spawn("script", ["-qfec", command, "/dev/null"], {
    cwd: WORKSPACE_ROOT,
    env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: process.env["HOME"] ?? "/tmp", SHELL: "/bin/sh", TERM: "xterm", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let screen = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (screen += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (screen += chunk));
  const exited = new Promise<{ code: number | null; screen: string }>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, screen }));
  });
  const kill = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  return {
    get screen() {
      return screen;
    },
    kill,
    async waitForExit(timeoutMs = 20_000) {
      try {
        return await within(exited, timeoutMs, `hookline ${args[0] ?? ""} on a terminal to exit`);
      } catch (err) {
        kill();
        throw new Error(`${(err as Error).message}\nscreen:\n${screen}`);
      }
    },
  };
}
