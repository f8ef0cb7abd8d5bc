/** A mistake in the command line; the CLI prints it with the usage and exits with status 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** Parses a non-negative number of seconds from a flag. */
export function parseSeconds(text: string, flag: string): number {
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0) throw new UsageError(`${flag}: expected a number of seconds, got "${text}"`);
  return seconds;
}
