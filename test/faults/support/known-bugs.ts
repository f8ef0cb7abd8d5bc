/**
 * Regressions: product bugs the fault suite found, all fixed since. A bug's test gathers its
 * figures, checks every invariant (the accounting identity, no loss), and then runs the correct
 * expectation through {@link knownBug}, which enforces it: the test fails if the bug comes back.
 * Each outcome is also printed as a `KNOWN-BUG|<id>|fixed|...` line for the figures.
 */
export type BugStatus = "fixed";

/** Runs `check` (assertions of the correct behaviour) for bug `id`; throws if it fails. */
export function knownBug(id: string, summary: string, check: () => void): BugStatus {
  try {
    check();
  } catch (err) {
    const message = err instanceof Error ? err.message.split("\n")[0]! : String(err);
    throw new Error(`regression of ${id} (${summary}): ${message}`, { cause: err });
  }
  console.log(`KNOWN-BUG|${id}|fixed|${summary}`);
  return "fixed";
}
