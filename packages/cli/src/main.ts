import { cliProgram, isCommanderExit, USAGE_EXIT } from "./cli-program.js";
import { consoleOutput, type Output } from "./console-output.js";

/** Context the CLI runs in; tests pass their own. */
export interface MainContext {
  readonly output?: Output;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly stdin?: NodeJS.ReadableStream;
  /** Resolves with a signal name when `run` should stop. */
  readonly stopSignal?: Promise<string>;
  /** Subscribes `run` to reload requests; returns an unsubscribe. @default SIGHUP */
  readonly onReload?: (listener: () => void) => () => void;
}

/** Runs the `hookline` command line; resolves with the exit status. */
export async function main(argv: readonly string[], context: MainContext = {}): Promise<number> {
  const output = context.output ?? consoleOutput;
  const result: { code: number; output?: Output } = { code: 0 };
  const program = cliProgram(
    {
      output,
      ...(context.env ? { env: context.env } : {}),
      ...(context.stdin ? { stdin: context.stdin } : {}),
      // Progress is drawn on stderr, and only when it is a terminal (never into a log file or pipe).
      terminal: output === consoleOutput && process.stderr.isTTY ? process.stderr : undefined,
      stopSignal: () => context.stopSignal ?? stopSignal(),
      onReload: context.onReload ?? reloadSignal,
    },
    result,
  );
  // No command at all: the overview, as a usage error.
  if (argv.length === 0) {
    program.outputHelp();
    return USAGE_EXIT;
  }
  try {
    await program.parseAsync([...argv], { from: "user" });
    return result.code;
  } catch (err) {
    // Commander has printed the help, the version or the usage error already.
    if (isCommanderExit(err)) return err.exitCode === 0 ? 0 : USAGE_EXIT;
    const { HooklineError } = await import("@hookline/core");
    if (HooklineError.is(err)) {
      (result.output ?? output).err(`hookline: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.removeListener("SIGTERM", stop);
      process.removeListener("SIGINT", stop);
      // A second signal while draining stops at once.
      const force = () => process.exit(130);
      process.once("SIGTERM", force);
      process.once("SIGINT", force);
      resolve(signal);
    };
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  });
}

/** SIGHUP asks `run` to reload its config (as for nginx, Vector, Fluent Bit), instead of ending it. */
function reloadSignal(listener: () => void): () => void {
  process.on("SIGHUP", listener);
  return () => process.off("SIGHUP", listener);
}
