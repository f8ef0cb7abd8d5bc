import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { within } from "./wait-for.js";

/** The built CLI binary (`npx tsc -b tsconfig.build.json` first). */
export const HOOKLINE_BIN = fileURLToPath(new URL("../../packages/cli/dist/bin.js", import.meta.url));

/** The workspace root, the processes' working directory. */
export const WORKSPACE_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** How a process ended. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A running `hookline` process. */
export interface HooklineProcess {
  readonly child: ChildProcess;
  /** Output so far. */
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves when the process has exited and its output is closed. */
  readonly exited: Promise<ProcessExit>;
  /** Sends a signal (no-op once exited). */
  kill(signal?: NodeJS.Signals): void;
  /** Resolves (bounded) with the exit; kills the process with SIGKILL if it does not exit in time. */
  waitForExit(timeoutMs?: number): Promise<ProcessExit>;
}

/** Options of {@link spawnHookline}. */
export interface SpawnOptions {
  /**
   * The process's environment on top of a minimal base (PATH, HOME, SYSTEMROOT): the parent's
   * environment is NOT inherited, so a test sees only the variables it gives.
   */
  readonly env?: Readonly<Record<string, string>>;
  /** Written to stdin, which is then closed. When absent stdin is closed at once. */
  readonly stdin?: string;
  /** Runs the process under this limit on open files (`ulimit -n`, through bash). */
  readonly fileLimit?: number;
}

function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ["PATH", "HOME", "SYSTEMROOT", "TMPDIR"]) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/** Spawns `node packages/cli/dist/bin.js ...args`. */
export function spawnHookline(args: readonly string[], options: SpawnOptions = {}): HooklineProcess {
  const command = options.fileLimit === undefined ? process.execPath : "bash";
  const argv = options.fileLimit === undefined ? [HOOKLINE_BIN, ...args] : ["-c", `ulimit -n ${options.fileLimit} && exec "$0" "$@"`, process.execPath, HOOKLINE_BIN, ...args];
  const child = spawn(command, argv, {
    cwd: WORKSPACE_ROOT,
    env: { ...baseEnv(), ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  child.stdin!.on("error", () => {});
  child.stdin!.end(options.stdin ?? "");
  const exited = new Promise<ProcessExit>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  const kill = (signal: NodeJS.Signals = "SIGTERM"): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  return {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    exited,
    kill,
    async waitForExit(timeoutMs = 10_000) {
      try {
        return await within(exited, timeoutMs, `hookline ${args[0] ?? ""} to exit`);
      } catch (err) {
        kill("SIGKILL");
        throw new Error(`${(err as Error).message}\nstdout:\n${stdout}\nstderr:\n${stderr}`);
      }
    },
  };
}

const LISTENING = /^hookline listening on (http:\/\/127\.0\.0\.1:(\d+))\/v1\/callbacks\/logs$/m;

/** A `hookline run` process that is listening. */
export interface RunningHookline extends HooklineProcess {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** `http://127.0.0.1:PORT/v1/callbacks/logs` */
  readonly logsUrl: string;
}

/**
 * Spawns `hookline run --config FILE --port 0` and waits (bounded) for its
 * `hookline listening on http://127.0.0.1:PORT/v1/callbacks/logs` line. Rejects with the output
 * when the process exits first or the line does not come in time.
 */
export async function startHooklineRun(
  configFile: string,
  options: SpawnOptions & { readonly timeoutMs?: number; readonly extraArgs?: readonly string[] } = {},
): Promise<RunningHookline> {
  const proc = spawnHookline(["run", "--config", configFile, "--port", "0", ...(options.extraArgs ?? [])], options);
  const listening = new Promise<string>((resolve, reject) => {
    const check = (): void => {
      const match = LISTENING.exec(proc.stdout);
      if (match) {
        proc.child.stdout!.off("data", check);
        resolve(match[1]!);
      }
    };
    proc.child.stdout!.on("data", check);
    check();
    void proc.exited.then((exit) =>
      reject(new Error(`hookline run exited (code ${exit.code}, signal ${exit.signal}) before listening\nstdout:\n${exit.stdout}\nstderr:\n${exit.stderr}`)),
    );
  });
  let url: string;
  try {
    url = await within(listening, options.timeoutMs ?? 10_000, "hookline run to print its listening address");
  } catch (err) {
    proc.kill("SIGKILL");
    throw err;
  }
  return {
    child: proc.child,
    get stdout() {
      return proc.stdout;
    },
    get stderr() {
      return proc.stderr;
    },
    exited: proc.exited,
    kill: proc.kill,
    waitForExit: proc.waitForExit,
    url,
    logsUrl: `${url}/v1/callbacks/logs`,
  };
}
