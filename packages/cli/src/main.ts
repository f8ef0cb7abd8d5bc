import { HooklineError } from "@hookline/core";
import { consoleOutput, type Output } from "./console-output.js";
import { demoCommand } from "./commands/demo-command.js";
import { docsCommand } from "./commands/docs-command.js";
import { inboxCommand } from "./inbox/inbox-command.js";
import { presetsCommand } from "./commands/presets-command.js";
import { replayCommand } from "./commands/replay-command.js";
import { runCommand } from "./commands/run-command.js";
import { schemaCommand } from "./commands/schema-command.js";
import { validateCommand } from "./commands/validate-command.js";
import { UsageError } from "./usage-error.js";

const USAGE = `Usage: hookline <command> [options]

Commands:
  run --config FILE [--port N] [--host H] [--drain-timeout S] [--allow-unauthenticated]
        receive LiteLLM logs on POST /v1/callbacks/logs and relay them to every callback;
        SIGHUP reloads the config, SIGTERM/SIGINT drain and stop
  replay FILE --config FILE [--drain-timeout S]
        send each NDJSON payload (or dead letter) in FILE (- = stdin) through the callbacks
  validate --config FILE
        check a config and print every problem with its key path
  demo [--config FILE] [--events FILE] [--count N] [--inbox]
        run a config against a local endpoint and show what each callback delivered
        (--inbox: send to a local inbox and print its page address; Ctrl-C stops)
  inbox [--port N] [--host H]
        a local endpoint that records what callbacks post and a page that shows it live
  presets [show NAME] [--config FILE]
        list the presets, or show one: variables, request, format, limits, config snippets
  docs --out DIR [--check]
        write one Markdown page per preset plus index.md to DIR (--check: exit 1 if DIR is stale)
  schema [--out FILE] [--check]
        print (or write) the JSON Schema of a config, for editors and checks

Exit status: 0 success, 1 events not delivered or config problems, 2 usage errors.`;

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
  const [command, ...args] = argv;
  try {
    switch (command) {
      case "run":
        return await runCommand(args, {
          output,
          ...(context.env ? { env: context.env } : {}),
          stopSignal: context.stopSignal ?? stopSignal(),
          onReload: context.onReload ?? reloadSignal,
        });
      case "replay":
        return await replayCommand(args, { output, ...(context.env ? { env: context.env } : {}), ...(context.stdin ? { stdin: context.stdin } : {}) });
      case "validate":
        return await validateCommand(args, { output, ...(context.env ? { env: context.env } : {}) });
      case "demo":
        return await demoCommand(args, { output, stopSignal: () => context.stopSignal ?? stopSignal() });
      case "inbox":
        return await inboxCommand(args, { output, stopSignal: context.stopSignal ?? stopSignal() });
      case "presets":
        return await presetsCommand(args, { output, ...(context.env ? { env: context.env } : {}) });
      case "docs":
        return await docsCommand(args, { output });
      case "schema":
        return await schemaCommand(args, { output });
      case "--version":
      case "version":
        output.out(await version());
        return 0;
      case undefined:
      case "help":
      case "--help":
      case "-h":
        output.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"; expected run, replay, validate, demo, inbox, presets, docs or schema`);
    }
  } catch (err) {
    if (err instanceof UsageError || (err instanceof Error && "code" in err && String(err.code).startsWith("ERR_PARSE_ARGS"))) {
      output.err(`hookline: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    if (HooklineError.is(err)) {
      output.err(`hookline: ${err.message}`);
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

async function version(): Promise<string> {
  const { readFile } = await import("node:fs/promises");
  const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return `hookline ${pkg.version}`;
}
