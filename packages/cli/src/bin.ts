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
// `run` reloads on SIGHUP while it runs; one arriving as it exits must not end it with 129.
if (process.argv[2] === "run") process.on("SIGHUP", () => {});

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
