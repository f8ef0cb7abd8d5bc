import type { DeliveryReport } from "../delivery/delivery-report.js";

/** Least time between two warnings of one kind (callback, outcome and drop reason), in ms. */
export const WARNING_INTERVAL_MS = 10_000;

/**
 * Where a pipeline's warnings go when `onWarning` is not given: `process.emitWarning`, so they
 * reach stderr (`(node:PID) [HOOKLINE_WARNING] HooklineWarning: ...`), honour `--no-warnings`,
 * and can be observed with `process.on("warning")`.
 */
export function emitProcessWarning(message: string): void {
  process.emitWarning(message, { type: "HooklineWarning", code: "HOOKLINE_WARNING" });
}

/**
 * Turns undelivered reports (dropped or failed events) into rate-limited warnings: the first of
 * each kind at once, then at most one per {@link WARNING_INTERVAL_MS}, saying how many events
 * went the same way meanwhile. A queue overflowing under load calls this once per dropped event;
 * the counters have the exact numbers, the warning says that it is happening.
 */
export function undeliveredWarnings(warn: (message: string) => void, intervalMs = WARNING_INTERVAL_MS): (report: DeliveryReport, callback: string) => void {
  const last = new Map<string, { at: number; reports: number; events: number }>();
  return (report, callback) => {
    const kind = `${callback}\u0000${report.outcome}\u0000${report.dropReason ?? ""}`;
    const now = Date.now();
    const entry = last.get(kind);
    if (entry && now - entry.at < intervalMs) {
      entry.reports += 1;
      entry.events += report.events.length;
      return;
    }
    const since = entry && entry.reports > 0 ? ` (and ${entry.events} more event(s) in ${entry.reports} similar report(s) since the last warning)` : "";
    last.set(kind, { at: now, reports: 0, events: 0 });
    warn(`callback ${callback}: ${report.events.length} event(s) ${report.outcome}: ${report.reason ?? report.dropReason ?? "unknown reason"}${since}`);
  };
}
