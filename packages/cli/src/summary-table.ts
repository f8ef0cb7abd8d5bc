import type { CallbackMetrics } from "@hookline/core";

/** Renders per-callback counters as an aligned text table. */
export function summaryTable(callbacks: readonly CallbackMetrics[]): string {
  const header = ["callback", "received", "filtered", "sent", "failed", "dropped", "retried", "dead-lettered", "spooled"];
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
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), ...rows.map(line)].join("\n");
}

/** Events that were not delivered: failed plus dropped. */
export function undelivered(callbacks: readonly CallbackMetrics[]): number {
  return callbacks.reduce((n, m) => n + m.failed + Object.values(m.dropped).reduce((a, b) => a + b, 0), 0);
}
