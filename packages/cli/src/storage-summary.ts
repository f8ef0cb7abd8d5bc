import type { ShutdownReport } from "@hookline/core";
import type { HooklineConfig } from "@hookline/config";

/**
 * What happened on disk, per callback, in sentences for the end of `hookline run` and `replay`:
 * where failed events really are, and every write that failed. Only what is true is said: a
 * failed event is "in the dead letters" only when it was written there.
 */
export function storageSummary(report: ShutdownReport, config: HooklineConfig, options: { readonly receiver: boolean }): string[] {
  const lines: string[] = [];
  for (const m of report.callbacks) {
    const callback = config.callbacks.find((c) => c.name === m.name);
    const code = m.storageError ?? "write failed";
    const name = `callback ${m.name}`;
    if (m.spoolLost > 0) lines.push(`${name}: ${m.spoolLost} event(s) were lost from a damaged spool (found at start; see the warning there)`);
    if (m.spoolWriteFailures > 0) {
      const answered = options.receiver ? ", and the bodies carrying them were answered 503" : " (a crash would have lost them)";
      lines.push(`${name}: ${m.spoolWriteFailures} event(s) could not be written to the spool (${code}): they were held in memory only${answered}`);
    }
    if (m.deadLettered > 0) lines.push(`${name}: ${m.deadLettered} failed event(s) are in the dead letters (${callback?.deadLetterPath ?? "dead_letter_path"})`);
    if (m.deadLetterWriteFailures > 0) {
      const fate = callback?.spoolPath !== undefined ? "they stay in the spool and are sent again at the next start" : "they are lost";
      lines.push(`${name}: ${m.deadLetterWriteFailures} of ${m.failed} failed event(s) could not be written to the dead letters (${code}); ${fate}`);
    }
    const unspooled = report.unspooled[m.name] ?? 0;
    if (unspooled > 0) lines.push(`${name}: ${unspooled} event(s) that were to stay in the spool for the next start could not be written to it (${code}): they are lost`);
  }
  return lines;
}

/** True when a write to a spool or dead-letter file failed, or the spool was found damaged. */
export function storageFailed(report: ShutdownReport): boolean {
  return (
    Object.keys(report.unspooled).length > 0 ||
    report.callbacks.some((m) => m.spoolLost > 0 || m.spoolWriteFailures > 0 || m.deadLetterWriteFailures > 0)
  );
}
