/** Medians, ratios and the three renderings: a terminal table, markdown and an SVG chart. */
import type { DriverName, DriverResult } from "./types.js";
import { DRIVERS, VARIANT_BASE } from "./types.js";

/** The reference every ratio is taken against: the limit that serializes each event once. */
export const REFERENCE: DriverName = "limit-serialize";

/**
 * The relay, and the floor it is also compared with: the limit relay does the relay's job (every
 * input event delivered to 3 destinations, from its own process), so this ratio is like-for-like,
 * where the one against {@link REFERENCE} (one delivery per event, in process) is not.
 */
export const RELAY: DriverName = "hookline-relay";
export const RELAY_FLOOR: DriverName = "limit-relay";

export interface RunRecord {
  readonly run: number;
  readonly phase: DriverResult["phase"];
  readonly scenario: string;
  readonly driver: DriverName;
  readonly ok: boolean;
  readonly wallMs: number;
  readonly result?: DriverResult;
  readonly error?: string;
  /** The receiver's CPU time during the run, µs (to see whether it was the bottleneck). */
  readonly receiverCpuUs?: number;
}

export interface SummaryRow {
  readonly phase: DriverResult["phase"];
  readonly scenario: string;
  readonly driver: DriverName;
  readonly okRuns: number;
  readonly failedRuns: number;
  readonly events: number;
  readonly eventsPerSecond: number;
  readonly cpuUsPerEvent: number;
  readonly callerNsPerEvent: number | null;
  readonly callerNsMedianChunk: number | null;
  readonly lostMedian: number;
  readonly lostMax: number;
  readonly duplicatedMax: number;
  readonly delivered: number;
  readonly expected: number;
  readonly peakRssMB: number;
  readonly rssGrowthMB: number;
  readonly loopDelayMaxMs: number | null;
  readonly loopDelayP99Ms: number | null;
  /** paced: the longest own stall (lateness not spent waiting for a CPU), worst run (ms), and own stalls over 2 ms in all runs. */
  readonly ownStallMaxMs: number | null;
  readonly ownStallsOver2Ms: number | null;
  /** paced: the longest wait for a CPU within one 1 ms tick, median over runs (ms). */
  readonly runqueueWaitMaxMs: number | null;
  /** Relays: full garbage collections in the measured window (median over runs). */
  readonly majorGcs: number | null;
  /** Medians of per-run ratios against {@link REFERENCE} in the same run and scenario. */
  readonly ratioEventsPerSecond: number | null;
  readonly ratioCpuPerEvent: number | null;
  readonly ratioCallerNs: number | null;
  readonly ratioCallerMedianChunk: number | null;
  /** {@link RELAY}'s row only: medians of per-run ratios against {@link RELAY_FLOOR} in the same run and scenario. */
  readonly relayFloorRatioEventsPerSecond: number | null;
  readonly relayFloorRatioCpuPerEvent: number | null;
  /** Variants (types.ts VARIANT_BASE): per-run ratios against the base in the same run and scenario, sorted. */
  readonly baseRatiosEventsPerSecond: readonly number[] | null;
  readonly baseRatiosCpuPerEvent: readonly number[] | null;
  readonly receiverCpuShare: number | null;
  /** CPU time ÷ elapsed time of the measured process (1 = one core busy). */
  readonly cpuShare: number | null;
  readonly notes: readonly string[];
}

export function median(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return Number.NaN;
  const sorted = [...finite].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function medianOrNull(values: readonly (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return present.length === 0 ? null : median(present);
}

function maxOrNull(values: readonly (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return present.length === 0 ? null : Math.max(...present);
}

function sumOrNull(values: readonly (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return present.length === 0 ? null : present.reduce((a, b) => a + b, 0);
}

export function summarize(records: readonly RunRecord[]): SummaryRow[] {
  const groups = new Map<string, RunRecord[]>();
  for (const record of records) {
    const key = `${record.phase}|${record.scenario}|${record.driver}`;
    groups.set(key, [...(groups.get(key) ?? []), record]);
  }
  const sameRun = (record: RunRecord, driver: DriverName): DriverResult | undefined =>
    records.find((r) => r.ok && r.run === record.run && r.phase === record.phase && r.scenario === record.scenario && r.driver === driver)?.result;

  const rows: SummaryRow[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    const ok = group.filter((r) => r.ok && r.result);
    const results = ok.map((r) => r.result!);
    const perRun = (pick: (r: DriverResult) => number | null, against: DriverName) =>
      ok.map((r) => {
        const ref = sameRun(r, against);
        const mine = pick(r.result!);
        const theirs = ref ? pick(ref) : null;
        return mine === null || theirs === null || theirs === 0 ? null : mine / theirs;
      });
    const ratios = (pick: (r: DriverResult) => number | null, against: DriverName = REFERENCE) => medianOrNull(perRun(pick, against));
    const base = VARIANT_BASE[first.driver];
    const baseRatios = (pick: (r: DriverResult) => number) =>
      base === undefined ? null : perRun(pick, base).filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
    const notes = [...new Set(results.flatMap((r) => r.notes))];
    for (const failed of group.filter((r) => !r.ok)) notes.push(`run ${failed.run} failed: ${failed.error ?? "no result"}`);
    rows.push({
      phase: first.phase,
      scenario: first.scenario,
      driver: first.driver,
      okRuns: ok.length,
      failedRuns: group.length - ok.length,
      events: results[0]?.events ?? 0,
      eventsPerSecond: median(results.map((r) => r.eventsPerSecond)),
      cpuUsPerEvent: median(results.map((r) => r.cpuUsPerEvent)),
      callerNsPerEvent: medianOrNull(results.map((r) => r.callerNsPerEvent)),
      callerNsMedianChunk: medianOrNull(results.map((r) => r.callerNsMedianChunk)),
      lostMedian: median(results.map((r) => r.lost)),
      lostMax: Math.max(0, ...results.map((r) => r.lost)),
      duplicatedMax: Math.max(0, ...results.map((r) => r.duplicated)),
      delivered: median(results.map((r) => r.delivered)),
      expected: (results[0]?.expectedPerPath ?? 0) * (results[0]?.paths.length ?? 0),
      peakRssMB: median(results.map((r) => r.peakRssBytes / 2 ** 20)),
      rssGrowthMB: median(results.map((r) => (r.peakRssBytes - r.baselineRssBytes) / 2 ** 20)),
      loopDelayMaxMs: medianOrNull(results.map((r) => r.loopDelayMaxMs)),
      loopDelayP99Ms: medianOrNull(results.map((r) => r.loopDelayP99Ms)),
      ownStallMaxMs: maxOrNull(results.map((r) => r.stalls?.ownStallMaxMs ?? null)),
      ownStallsOver2Ms: sumOrNull(results.map((r) => r.stalls?.ownStallsOver2Ms ?? null)),
      runqueueWaitMaxMs: medianOrNull(results.map((r) => r.stalls?.runqueueWaitMaxMs ?? null)),
      ratioEventsPerSecond: ratios((r) => r.eventsPerSecond),
      ratioCpuPerEvent: ratios((r) => r.cpuUsPerEvent),
      ratioCallerNs: ratios((r) => r.callerNsPerEvent),
      ratioCallerMedianChunk: ratios((r) => r.callerNsMedianChunk),
      relayFloorRatioEventsPerSecond: first.driver === RELAY ? ratios((r) => r.eventsPerSecond, RELAY_FLOOR) : null,
      relayFloorRatioCpuPerEvent: first.driver === RELAY ? ratios((r) => r.cpuUsPerEvent, RELAY_FLOOR) : null,
      majorGcs: medianOrNull(results.map((r) => (typeof r.extra["relayMajorGcs"] === "number" ? r.extra["relayMajorGcs"] : null))),
      cpuShare: medianOrNull(results.map((r) => r.cpuUs / 1000 / r.elapsedMs)),
      baseRatiosEventsPerSecond: baseRatios((r) => r.eventsPerSecond),
      baseRatiosCpuPerEvent: baseRatios((r) => r.cpuUsPerEvent),
      receiverCpuShare: medianOrNull(ok.map((r) => (r.receiverCpuUs === undefined ? null : r.receiverCpuUs / 1000 / r.result!.elapsedMs))),
      notes,
    });
  }
  const order = (row: SummaryRow) => [["full", "paced", "memory"].indexOf(row.phase), ["steady", "slow", "outage", "memory"].indexOf(row.scenario), DRIVERS.indexOf(row.driver), row.events];
  return rows.sort((a, b) => {
    const x = order(a);
    const y = order(b);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return 0;
  });
}

// ---------------------------------------------------------------- formatting

const fmtInt = (v: number): string => (Number.isFinite(v) ? Math.round(v).toLocaleString("en-US") : "—");
const fmt = (v: number | null, digits = 1): string => (v === null || !Number.isFinite(v) ? "—" : v.toFixed(digits));
const fmtRatio = (v: number | null): string => (v === null || !Number.isFinite(v) ? "—" : `${v.toFixed(2)}×`);
const fmtLoss = (row: SummaryRow): string => (row.lostMax === 0 ? "0" : `${fmtInt(row.lostMedian)} (max ${fmtInt(row.lostMax)})`);

interface Table {
  readonly title: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** A line printed under the table. */
  readonly note?: string;
}

/** The like-for-like line for the relay, when the table has it and its floor from the same runs. */
function relayFloorNote(rows: readonly SummaryRow[]): string | undefined {
  const relay = rows.find((r) => r.driver === RELAY);
  if (!relay || (relay.relayFloorRatioEventsPerSecond === null && relay.relayFloorRatioCpuPerEvent === null)) return undefined;
  const floor = rows.find((r) => r.driver === RELAY_FLOOR);
  const gcs = relay.majorGcs === null || floor?.majorGcs == null ? "" : `; full garbage collections per run: ${fmt(relay.majorGcs, 0)} (${RELAY_FLOOR}: ${fmt(floor.majorGcs, 0)})`;
  return (
    `${RELAY} vs ${RELAY_FLOOR} (same work: 3 deliveries per input event): ${fmtRatio(relay.relayFloorRatioEventsPerSecond)} events/s, ` +
    `${fmtRatio(relay.relayFloorRatioCpuPerEvent)} CPU per event (medians of per-run ratios)${gcs}`
  );
}

function label(row: SummaryRow, settingsEvents: number): string {
  return row.events !== settingsEvents && row.phase === "full" ? `${row.driver} (n=${row.events})` : row.driver;
}

export function tables(rows: readonly SummaryRow[], settingsEvents: number): Table[] {
  const out: Table[] = [];
  for (const scenario of ["steady", "slow", "outage"]) {
    const chosen = rows.filter((r) => r.phase === "full" && r.scenario === scenario);
    if (chosen.length === 0) continue;
    out.push({
      title: `Full rate, ${scenario} endpoint (medians; ratios against ${REFERENCE} in the same run)`,
      header: ["driver", "events/s", "× limit", "CPU µs/event", "× limit", "caller ns/event", "caller ns median", "× limit", "lost", "dup", "peak RSS MB", "receiver CPU %", "runs"],
      rows: chosen.map((r) => [
        label(r, settingsEvents),
        fmtInt(r.eventsPerSecond),
        fmtRatio(r.ratioEventsPerSecond),
        fmt(r.cpuUsPerEvent, 1),
        fmtRatio(r.ratioCpuPerEvent),
        fmt(r.callerNsPerEvent, 0),
        fmt(r.callerNsMedianChunk, 0),
        fmtRatio(r.ratioCallerMedianChunk),
        fmtLoss(r),
        fmtInt(r.duplicatedMax),
        fmt(r.peakRssMB, 0),
        fmt(r.receiverCpuShare === null ? null : 100 * r.receiverCpuShare, 0),
        `${r.okRuns}${r.failedRuns > 0 ? ` (+${r.failedRuns} failed)` : ""}`,
      ]),
      note: relayFloorNote(chosen),
    });
  }
  const variants = rows.filter((r) => r.phase === "full" && VARIANT_BASE[r.driver] !== undefined);
  if (variants.length > 0) {
    const spread = (values: readonly number[] | null): string =>
      values === null || values.length === 0 ? "—" : values.length === 1 ? fmtRatio(values[0]!) : `${fmtRatio(values[0]!)}–${fmtRatio(values[values.length - 1]!)}`;
    const baseRow = (r: SummaryRow) => rows.find((b) => b.phase === r.phase && b.scenario === r.scenario && b.driver === VARIANT_BASE[r.driver]);
    out.push({
      title: "Variants against their base in the same run (mechanisms switched off; processors added)",
      header: ["scenario", "variant", "base", "events/s", "× base", "× base, runs", "CPU µs/event", "base CPU µs/event", "× base", "× base, runs", "caller ns median", "base caller ns median", "lost", "runs"],
      rows: variants.map((r) => [
        r.scenario,
        label(r, settingsEvents),
        VARIANT_BASE[r.driver]!,
        fmtInt(r.eventsPerSecond),
        fmtRatio(r.baseRatiosEventsPerSecond === null ? null : median(r.baseRatiosEventsPerSecond)),
        spread(r.baseRatiosEventsPerSecond),
        fmt(r.cpuUsPerEvent, 1),
        fmt(baseRow(r)?.cpuUsPerEvent ?? null, 1),
        fmtRatio(r.baseRatiosCpuPerEvent === null ? null : median(r.baseRatiosCpuPerEvent)),
        spread(r.baseRatiosCpuPerEvent),
        fmt(r.callerNsMedianChunk, 0),
        fmt(baseRow(r)?.callerNsMedianChunk ?? null, 0),
        fmtLoss(r),
        String(r.okRuns),
      ]),
      note: "× base: the median over runs of (variant ÷ base in the same run); runs: the lowest and highest of those ratios. hookline-relay-aa is hookline-relay again: its spread is the noise.",
    });
  }
  const paced = rows.filter((r) => r.phase === "paced");
  if (paced.length > 0) {
    out.push({
      title: "Paced at a fixed rate, steady endpoint: event-loop delay (monitorEventLoopDelay, 1 ms resolution), and the part of it the process caused",
      header: ["driver", "loop delay max ms", "loop delay p99 ms", "own stall max ms (worst run)", "own stalls > 2 ms", "run-queue wait max ms", "caller ns/event", "caller ns median", "CPU µs/event", "CPU % of a core", "lost", "runs"],
      rows: paced.map((r) => [
        label(r, settingsEvents),
        fmt(r.loopDelayMaxMs, 1),
        fmt(r.loopDelayP99Ms, 1),
        fmt(r.ownStallMaxMs, 2),
        fmt(r.ownStallsOver2Ms, 0),
        fmt(r.runqueueWaitMaxMs, 1),
        fmt(r.callerNsPerEvent, 0),
        fmt(r.callerNsMedianChunk, 0),
        fmt(r.cpuUsPerEvent, 1),
        fmt(r.cpuShare === null ? null : 100 * r.cpuShare, 1),
        fmtLoss(r),
        String(r.okRuns),
      ]),
      note: idleNote(paced),
    });
  }
  return out;
}

/** Reads the paced drivers' stalls against `idle`, which paces the same events and logs nowhere. */
function idleNote(paced: readonly SummaryRow[]): string | undefined {
  const idle = paced.find((r) => r.driver === "idle");
  if (!idle || idle.loopDelayMaxMs === null) return undefined;
  const above = paced
    .filter((r) => r.driver.startsWith("hookline-") && r.loopDelayMaxMs !== null)
    .map((r) => `${r.driver} ${(r.loopDelayMaxMs! - idle.loopDelayMaxMs!).toFixed(1)} ms`);
  const idleLine = `idle paces the same events and logs them nowhere: its ${idle.loopDelayMaxMs.toFixed(1)} ms max (p99 ${fmt(idle.loopDelayP99Ms, 1)} ms) is this machine's own event-loop delay. Max above idle's: ${above.join(", ")}.`;
  const own = paced.filter((r) => r.driver.startsWith("hookline-") && r.ownStallMaxMs !== null);
  if (own.length === 0) return idleLine;
  const worst = own.reduce((a, b) => (b.ownStallMaxMs! > a.ownStallMaxMs! ? b : a));
  return (
    `${idleLine} Own stall = how late a 1 ms timer ran, less the time the loop's thread waited for a CPU in the meantime, and at most the CPU time it used (Linux schedstat): the part of a late turn the process caused. ` +
    `hookline's worst over all runs: ${worst.ownStallMaxMs!.toFixed(2)} ms (${worst.driver}); idle's: ${fmt(idle.ownStallMaxMs, 2)} ms.`
  );
}

export interface MemoryRow {
  readonly events: number;
  readonly maxQueueEvents: number;
  readonly baselineRssMB: number;
  readonly peakRssMB: number;
  readonly peakDuringInputMB: number;
  readonly growthMB: number;
  readonly liveHeapMB: number;
  readonly boundEstimateMB: number;
  readonly dropped: number;
  readonly delivered: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly accounted: boolean;
}

export function memoryRows(records: readonly RunRecord[]): MemoryRow[] {
  return records
    .filter((r) => r.phase === "memory" && r.ok && r.result)
    .map((r) => {
      const result = r.result!;
      const extra = result.extra;
      const dropped = Number(extra["droppedTotal"]);
      return {
        events: result.events,
        maxQueueEvents: Number(extra["maxQueueEvents"]),
        baselineRssMB: result.baselineRssBytes / 2 ** 20,
        peakRssMB: result.peakRssBytes / 2 ** 20,
        peakDuringInputMB: Number(extra["peakRssDuringInputBytes"]) / 2 ** 20,
        growthMB: (result.peakRssBytes - result.baselineRssBytes) / 2 ** 20,
        liveHeapMB: Number(extra["liveHeapAtInputEndBytes"]) / 2 ** 20,
        boundEstimateMB: Number(extra["boundEstimateBytes"]) / 2 ** 20,
        dropped,
        delivered: result.delivered,
        lost: result.lost,
        duplicated: result.duplicated,
        accounted: dropped === result.lost,
      };
    });
}

export function memoryTable(rows: readonly MemoryRow[]): Table | undefined {
  if (rows.length === 0) return undefined;
  return {
    title: "Memory: hookline ndjson at full input rate into a long outage, bounded queue (drop_oldest)",
    header: ["input events", "maxQueueEvents", "baseline RSS MB", "peak RSS MB", "RSS growth MB", "live heap at bound MB", "est. bound MB", "dropped", "delivered", "lost = dropped?"],
    rows: rows.map((r) => [
      fmtInt(r.events),
      fmtInt(r.maxQueueEvents),
      fmt(r.baselineRssMB, 0),
      fmt(r.peakRssMB, 0),
      fmt(r.growthMB, 0),
      fmt(r.liveHeapMB, 0),
      fmt(r.boundEstimateMB, 0),
      fmtInt(r.dropped),
      fmtInt(r.delivered),
      r.accounted ? "yes" : `no (lost ${fmtInt(r.lost)})`,
    ]),
  };
}

export function renderText(list: readonly Table[]): string {
  const parts: string[] = [];
  for (const table of list) {
    const widths = table.header.map((h, i) => Math.max(h.length, ...table.rows.map((row) => row[i]!.length)));
    const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
    parts.push(table.title, line(table.header), widths.map((w) => "-".repeat(w)).join("  "), ...table.rows.map(line));
    if (table.note) parts.push(table.note);
    parts.push("");
  }
  return parts.join("\n");
}

export function renderMarkdown(list: readonly Table[]): string {
  const parts: string[] = [];
  for (const table of list) {
    parts.push(`**${table.title}**`, "");
    parts.push(`| ${table.header.join(" | ")} |`);
    parts.push(`| ${table.header.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`);
    for (const row of table.rows) parts.push(`| ${row.join(" | ")} |`);
    parts.push("");
    if (table.note) parts.push(table.note, "");
  }
  return parts.join("\n");
}

// ---------------------------------------------------------------- SVG

const COLORS: Record<DriverName, string> = {
  "hookline-relay-aa": "#26a69a",
  "hookline-relay-js": "#4db6ac",
  "hookline-relay-parse": "#b2dfdb",
  "hookline-relay-request": "#00695c",
  "hookline-relay-nopool": "#004d40",
  "hookline-ndjson-redact": "#5c6bc0",
  "hookline-ndjson-mask": "#9fa8da",
  "processor-relay-plain": "#8d6e63",
  "processor-relay-redact": "#a1887f",
  "processor-relay-mask": "#d7ccc8",
  idle: "#e0e0e0",
  "limit-preserialized": "#9e9e9e",
  "limit-serialize": "#616161",
  "hookline-ndjson": "#1565c0",
  "hookline-json_array": "#42a5f5",
  "hookline-single": "#90caf9",
  "limit-relay": "#80cbc4",
  "hookline-relay": "#00897b",
  otel: "#ef6c00",
  winston: "#8e24aa",
  pino: "#c62828",
};

const esc = (text: string): string => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function shortNumber(v: number): string {
  if (!Number.isFinite(v)) return "—";
  if (v >= 10_000) return `${(v / 1000).toFixed(0)}k`;
  if (v >= 1000) return `${Number((v / 1000).toFixed(1))}k`;
  return v.toFixed(0);
}

/**
 * Grouped bars of median events/s per driver, one panel per scenario (each with its own linear
 * scale, so the outage panel is readable), then the caller cost per driver on a log scale
 * (mean = total ÷ events, median = typical 100-event chunk). Fixed geometry and order, so two
 * runs differ only in bar lengths and numbers.
 */
export function renderSvg(rows: readonly SummaryRow[], subtitle: string): string {
  const scenarios = ["steady", "slow", "outage"].filter((s) => rows.some((r) => r.phase === "full" && r.scenario === s));
  const drivers = DRIVERS.filter((d) => rows.some((r) => r.phase === "full" && r.driver === d));
  const find = (scenario: string, driver: DriverName) => rows.find((r) => r.phase === "full" && r.scenario === scenario && r.driver === driver);
  const width = 1200;
  const left = 70;
  const right = 20;
  const top1 = 120;
  const h1 = 300;
  const gap = 50;
  const panelW = (width - left - right - gap * Math.max(0, scenarios.length - 1)) / Math.max(1, scenarios.length);
  const barW = Math.min(34, (panelW - 20) / Math.max(1, drivers.length));

  const callerRows = drivers.map((d) => ({ driver: d, mean: find("steady", d)?.callerNsPerEvent ?? null, median: find("steady", d)?.callerNsMedianChunk ?? null }));
  const top2 = top1 + h1 + 130;
  const rowH = 30;
  const h2 = callerRows.length * rowH;
  const height = top2 + h2 + 80;

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="${left}" y="28" font-size="18" font-weight="bold">hookline benchmark: events/s delivered (median of runs), per scenario</text>`);
  out.push(`<text x="${left}" y="48" fill="#555">${esc(subtitle)}</text>`);
  drivers.forEach((d, i) => {
    const x = left + (i % 5) * 215;
    const y = 72 + Math.floor(i / 5) * 18;
    out.push(`<rect x="${x}" y="${y - 10}" width="12" height="12" fill="${COLORS[d]}"/><text x="${x + 18}" y="${y}">${esc(d)}</text>`);
  });

  scenarios.forEach((scenario, g) => {
    const x0 = left + g * (panelW + gap);
    const values = drivers.map((d) => find(scenario, d)?.eventsPerSecond ?? Number.NaN);
    const max = niceMax(Math.max(0, ...values.filter(Number.isFinite)));
    for (let i = 0; i <= 5; i++) {
      const y = top1 + h1 - (h1 * i) / 5;
      out.push(`<line x1="${x0}" y1="${y}" x2="${(x0 + panelW).toFixed(1)}" y2="${y}" stroke="#e6e6e6"/>`);
      out.push(`<text x="${x0 - 6}" y="${y + 4}" text-anchor="end" fill="#555" font-size="11">${shortNumber((max * i) / 5)}</text>`);
    }
    const bx = x0 + (panelW - barW * drivers.length) / 2;
    drivers.forEach((d, i) => {
      const row = find(scenario, d);
      const value = values[i]!;
      const h = Number.isFinite(value) ? (h1 * value) / max : 0;
      const x = bx + i * barW;
      const y = top1 + h1 - h;
      out.push(`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(barW - 3).toFixed(1)}" height="${h.toFixed(1)}" fill="${COLORS[d]}"><title>${esc(`${scenario} ${d}: ${shortNumber(value)} events/s`)}</title></rect>`);
      const lx = x + (barW - 3) / 2 + 4;
      const ly = y - 4;
      const mark = row && row.lostMax > 0 ? ` (lost ${shortNumber(row.lostMax)})` : row && row.events !== rows.find((r) => r.phase === "full")?.events ? ` (n=${row.events})` : "";
      out.push(`<text x="${lx.toFixed(1)}" y="${ly.toFixed(1)}" transform="rotate(-90 ${lx.toFixed(1)} ${ly.toFixed(1)})" font-size="11" fill="#222">${shortNumber(value)}${esc(mark)}</text>`);
    });
    out.push(`<line x1="${x0}" y1="${top1 + h1}" x2="${(x0 + panelW).toFixed(1)}" y2="${top1 + h1}" stroke="#333"/>`);
    out.push(`<text x="${(x0 + panelW / 2).toFixed(1)}" y="${top1 + h1 + 24}" text-anchor="middle" font-size="14" font-weight="bold">${esc(scenario)}</text>`);
  });
  out.push(`<text x="16" y="${top1 + h1 / 2}" transform="rotate(-90 16 ${top1 + h1 / 2})" text-anchor="middle" fill="#333">events/s (own scale per panel)</text>`);

  // caller cost, log scale
  out.push(`<text x="${left}" y="${top2 - 40}" font-size="16" font-weight="bold">Caller cost: ns per log()/emit() call on the caller's thread (full rate, steady; log scale)</text>`);
  out.push(`<text x="${left}" y="${top2 - 20}" fill="#555">solid: mean (all calls ÷ events, GC pauses included) · light: median 100-event chunk (typical call)</text>`);
  const labelW = 170;
  const axisX = left + labelW;
  const axisW = width - axisX - right - 250;
  const decades = [10, 100, 1_000, 10_000, 100_000];
  const lo = Math.log10(decades[0]!);
  const hi = Math.log10(decades[decades.length - 1]!);
  const xOf = (v: number) => axisX + (axisW * (Math.log10(Math.max(v, decades[0]!)) - lo)) / (hi - lo);
  for (const d of decades) {
    const x = xOf(d);
    out.push(`<line x1="${x.toFixed(1)}" y1="${top2 - 4}" x2="${x.toFixed(1)}" y2="${top2 + h2}" stroke="#e6e6e6"/>`);
    out.push(`<text x="${x.toFixed(1)}" y="${top2 + h2 + 16}" text-anchor="middle" fill="#555" font-size="11">${d >= 1000 ? `${d / 1000} µs` : `${d} ns`}</text>`);
  }
  callerRows.forEach((r, i) => {
    const y = top2 + i * rowH;
    out.push(`<text x="${axisX - 8}" y="${y + 18}" text-anchor="end">${esc(r.driver)}</text>`);
    if (r.mean === null) {
      out.push(`<text x="${axisX + 4}" y="${y + 18}" fill="#777">n/a: the caller is another process (LiteLLM posting to the relay)</text>`);
      return;
    }
    const wMean = xOf(r.mean) - axisX;
    out.push(`<rect x="${axisX}" y="${y + 3}" width="${wMean.toFixed(1)}" height="11" fill="${COLORS[r.driver]}"/>`);
    if (r.median !== null) {
      const wMed = xOf(r.median) - axisX;
      out.push(`<rect x="${axisX}" y="${y + 15}" width="${wMed.toFixed(1)}" height="9" fill="${COLORS[r.driver]}" fill-opacity="0.45"/>`);
    }
    out.push(`<text x="${(axisX + Math.max(wMean, r.median === null ? 0 : xOf(r.median) - axisX) + 6).toFixed(1)}" y="${y + 18}">${Math.round(r.mean)} ns mean · ${r.median === null ? "—" : Math.round(r.median)} ns median</text>`);
  });
  out.push(`<text x="${left}" y="${height - 22}" fill="#555">Shared noisy 2-core machine (driver, receiver and, for the relays, a poster share it): compare ratios within one run, not absolute numbers.</text>`);
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}
