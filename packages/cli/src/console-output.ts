/** How severe a log line is (`--log-level`). */
export type LogLevel = "error" | "warn" | "info" | "debug";

/** Structured details of a log line (`fields` in `--log-format json`). Never a secret value. */
export type LogFields = Readonly<Record<string, string | number | boolean>>;

/** Where the CLI writes: results to `out`, diagnostics to `err`. Tests pass their own. */
export interface Output {
  out(line: string): void;
  err(line: string): void;
  /**
   * A diagnostic with an explicit level; `line` is its text as `err` would print it. Absent:
   * see {@link log}.
   */
  log?(level: LogLevel, line: string, fields?: LogFields): void;
}

/** Writes a log line through `output.log`, or else to `err` (a debug line only through `log`). */
export function log(output: Output, level: LogLevel, line: string, fields?: LogFields): void {
  if (output.log) output.log(level, line, fields);
  else if (level !== "debug") output.err(line);
}

/** An Output that runs `before` ahead of each line, then writes to `output` (the lines keep their level). */
export function outputBefore(output: Output, before: () => void): Output {
  return {
    out: (line) => {
      before();
      output.out(line);
    },
    err: (line) => {
      before();
      output.err(line);
    },
    log: (level, line, fields) => {
      before();
      log(output, level, line, fields);
    },
  };
}

/** Writes to the process's stdout and stderr. */
export const consoleOutput: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/**
 * Wraps `warn` so that the same kind of warning is printed at most once per `intervalMs`,
 * with a count of how many were suppressed.
 */
export function rateLimited(warn: (line: string) => void, intervalMs = 10_000): (kind: string, line: string) => void {
  const last = new Map<string, { at: number; suppressed: number }>();
  return (kind, line) => {
    const now = Date.now();
    const entry = last.get(kind);
    if (entry && now - entry.at < intervalMs) {
      entry.suppressed += 1;
      return;
    }
    const suffix = entry && entry.suppressed > 0 ? ` (${entry.suppressed} similar warnings suppressed)` : "";
    last.set(kind, { at: now, suppressed: 0 });
    warn(`${line}${suffix}`);
  };
}
