#!/usr/bin/env node
import { main } from "./main.js";

// `hookline presets | head`: a reader that goes away is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
}

let finished = false;
// A command whose work is still pending when the event loop empties would otherwise end with
// status 0 and no summary: that is a bug in hookline, and must never read as success.
// ("beforeExit" comes only from an empty event loop, never from process.exit().)
process.once("beforeExit", () => {
  if (finished) return;
  process.stderr.write("hookline: internal error: the process was about to exit before the command finished\n");
  process.exitCode = 70;
});
// `run` reloads on SIGHUP while it runs; one arriving as it starts or exits must not end it with 129.
if (commandOf(process.argv.slice(2)) === "run") process.on("SIGHUP", () => {});

main(process.argv.slice(2)).then(
  (code) => {
    finished = true;
    process.exitCode = code;
  },
  (err: unknown) => {
    finished = true;
    process.stderr.write(`hookline: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 70;
  },
);

/** The subcommand: the first argument that is neither an option nor the value of a global one. */
function commandOf(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === "--log-level" || arg === "--log-format") i += 1;
    else if (!arg.startsWith("-")) return arg;
  }
  return undefined;
}
