import type { CallbackMetrics } from "@hookline/core";

/**
 * Renders per-callback counters as an aligned text table. The storage columns
 * (`dead-letter-errors`, `spool-errors`: events whose write failed; `spool-lost`: events found
 * damaged or missing in the spool at start) appear only when some callback has one.
 */
export function summaryTable(callbacks: readonly CallbackMetrics[]): string {
  const header = ["callback", "received", "filtered", "sent", "failed", "dropped", "retried", "dead-lettered", "spooled"];
  const storage = callbacks.some((m) => m.deadLetterWriteFailures > 0 || m.spoolWriteFailures > 0 || m.spoolLost > 0);
  if (storage) header.push("dead-letter-errors", "spool-errors", "spool-lost");
  const rows = callbacks.map((m) => [
    m.name,
    String(m.received),
    String(m.filtered),
    String(m.sent),
    String(m.failed),
    String(Object.values(m.dropped).reduce((a, b) => a + b, 0)),
    String(m.retried),
    String(m.deadLettered),
    String(m.spooled),
    ...(storage ? [String(m.deadLetterWriteFailures), String(m.spoolWriteFailures), String(m.spoolLost)] : []),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), ...rows.map(line)].join("\n");
}

/** Events that were not delivered: failed plus dropped. */
export function undelivered(callbacks: readonly CallbackMetrics[]): number {
  return callbacks.reduce((n, m) => n + m.failed + Object.values(m.dropped).reduce((a, b) => a + b, 0), 0);
}

/**
 * One line per callback that did not deliver everything: how many events failed or were
 * dropped (by reason), and the last error, so a summary says what went wrong and not only how
 * much. Empty when everything was delivered.
 */
export function undeliveredLines(callbacks: readonly CallbackMetrics[]): string[] {
  return callbacks.flatMap((m) => {
    const drops = Object.entries(m.dropped).filter(([, n]) => n > 0);
    const dropped = drops.reduce((n, [, count]) => n + count, 0);
    if (m.failed + dropped === 0) return [];
    const parts = [
      ...(m.failed > 0 ? [`${m.failed} failed${m.deadLettered > 0 ? ` (${m.deadLettered} written to the dead letters)` : ""}`] : []),
      ...drops.map(([reason, n]) => `${n} dropped (${reason})`),
    ];
    return [`callback ${m.name}: ${parts.join(", ")}${m.lastError !== undefined ? `; last error: ${m.lastError}` : ""}`];
  });
}
