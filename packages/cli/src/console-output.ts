/** Where the CLI writes: results to `out`, diagnostics to `err`. Tests pass their own. */
export interface Output {
  out(line: string): void;
  err(line: string): void;
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
