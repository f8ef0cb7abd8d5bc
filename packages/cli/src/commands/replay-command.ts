import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { log, type Output } from "../console-output.js";
import type { ShutdownReport } from "@hookline/core";
import { replayLines, type ReplayStats } from "../replay-lines.js";
import { replayProgress } from "../replay-progress.js";
import { startRuntime } from "../runtime.js";
import { refuseOwnDeadLetters } from "../own-dead-letters.js";
import { storageFailed, storageSummary } from "../storage-summary.js";
import { summaryTable, undelivered, undeliveredLines } from "../summary-table.js";
import { parseSeconds, UsageError } from "../usage-error.js";

/** The arguments of `hookline replay`, as typed on the command line. */
export interface ReplayOptions {
  /** The NDJSON file, `-` for stdin. */
  readonly file?: string | undefined;
  readonly config?: string | undefined;
  /** Seconds; absent: wait until every callback is done. */
  readonly drainTimeout?: string | undefined;
  /** `--no-progress` sets it false. @default true */
  readonly progress?: boolean | undefined;
}

/** Where {@link replayCommand} runs. */
export interface ReplayContext {
  readonly output: Output;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly stdin?: NodeJS.ReadableStream;
  /** A terminal to draw the progress line on (the CLI: stderr, when it is one); none: no progress. */
  readonly terminal?: NodeJS.WriteStream | undefined;
}

/**
 * `hookline replay FILE --config CFG [--drain-timeout S]` (`-` reads stdin): sends every NDJSON
 * payload (or dead-letter record) through the callbacks, flushes, and prints a summary per
 * callback. Exit status 0 only when every event was delivered and no line was malformed. On a
 * terminal a progress line shows events read, sent, failed and the rate.
 */
export async function replayCommand(
  options: ReplayOptions,
  context: ReplayContext,
): Promise<number> {
  const { file } = options;
  if (!file) throw new UsageError("replay needs a FILE (or - for stdin)");
  if (!options.config) throw new UsageError("replay needs --config FILE");
  const values = { config: options.config };
  const drain = options.drainTimeout === undefined ? undefined : parseSeconds(options.drainTimeout, "--drain-timeout") * 1000;

  // Until the progress line starts, and after it stops, lines go straight to the output.
  let lines: Output = context.output;
  const output: Output = { out: (line) => lines.out(line), err: (line) => lines.err(line), log: (level, line, fields) => log(lines, level, line, fields) };
  const input = file === "-" ? (context.stdin ?? process.stdin) : await openFile(file);
  let runtime: Awaited<ReturnType<typeof startRuntime>>;
  try {
    runtime = await startRuntime(
      { file: values.config },
      { output, ...(context.env ? { env: context.env } : {}), check: (config, dir) => refuseOwnDeadLetters(file === "-" ? 0 : file, config, dir) },
    );
  } catch (err) {
    (input as Partial<NodeJS.ReadStream>).destroy?.();
    throw err;
  }
  const { config, pipeline } = runtime;
  const stats: ReplayStats = { lines: 0, events: 0, malformed: 0, repaired: 0 };
  const progress =
    context.terminal && options.progress !== false
      ? replayProgress(context.output, { stream: context.terminal, counts: () => ({ read: stats.events, callbacks: pipeline.metrics() }) })
      : undefined;
  if (progress) lines = progress.output;
  let report: ShutdownReport;
  try {
    await replayLines(createInterface({ input, crlfDelay: Infinity }), pipeline, output, stats);
    report = await pipeline.shutdown(drain === undefined ? {} : { deadlineMs: drain });
  } finally {
    progress?.stop();
    lines = context.output;
  }
  const repaired = stats.repaired ? `, repaired ${stats.repaired} line(s) (NaN / Infinity written as null)` : "";
  output.out(`replayed ${stats.events} event(s) from ${stats.lines} line(s)${repaired}${stats.malformed ? `, skipped ${stats.malformed} malformed line(s)` : ""}`);
  output.out(summaryTable(report.callbacks));
  for (const line of undeliveredLines(report.callbacks)) output.err(line);
  for (const line of storageSummary(report, config, { receiver: false })) output.out(line);
  return undelivered(report.callbacks) === 0 && stats.malformed === 0 && report.drained && !storageFailed(report) ? 0 : 1;
}

async function openFile(file: string): Promise<NodeJS.ReadableStream> {
  const stream = createReadStream(file);
  await new Promise<void>((resolve, reject) => {
    stream.once("open", () => resolve());
    stream.once("error", reject);
  }).catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`${file}: cannot read: ${err.code ?? err.message}`);
  });
  return stream;
}
