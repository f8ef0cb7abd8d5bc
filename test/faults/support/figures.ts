/**
 * The fault suite's figures: each scenario records what it sent and where every event went,
 * and each file prints one markdown table row per scenario after its tests, every line
 * prefixed with `FIGURES|` so a run's output can be grepped:
 *
 *   npx vitest run test/faults | grep '^FIGURES|' | sed 's/^FIGURES|//' | sort -u
 */
import { afterAll } from "vitest";
import type { Accounting } from "./accounting.js";

export interface Figures {
  readonly scenario: string;
  readonly sent: number;
  /** Distinct ids acknowledged with a 2xx. */
  readonly delivered: number;
  /** Ids acknowledged with a 2xx more than once (extra deliveries). */
  readonly duplicates: number;
  /** Lines in the dead-letter file. */
  readonly deadLettered: number;
  /** Pipeline `dropped` summed over reasons. */
  readonly dropped: number;
  /** Requests the endpoint received. */
  readonly requests: number;
  /** Event-attempts retried (`retried` metric); undefined when not known. */
  readonly retries?: number;
  /** Anything else worth a glance (timings, queue bounds, bug markers). */
  readonly notes?: string;
}

const table: Figures[] = [];

export const FIGURES_HEADER = "| scenario | sent | delivered | duplicates | dead-lettered | dropped | unaccounted | requests | retries | notes |";
export const FIGURES_RULE = "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |";

/** Appends a scenario's figures to the in-memory table. */
export function recordFigures(figures: Figures): void {
  table.push(figures);
}

/** Appends a scenario's figures, with the counts taken from its accounting. */
export function recordAccounting(a: Accounting, figures: Omit<Figures, "sent" | "delivered" | "duplicates" | "deadLettered" | "dropped">): void {
  recordFigures({ ...figures, sent: a.sent, delivered: a.delivered, duplicates: a.duplicates, deadLettered: a.deadLettered, dropped: a.dropped });
}

/** Renders one scenario as a markdown table row. */
export function figuresRow(f: Figures): string {
  const unaccounted = f.sent - f.delivered - f.deadLettered - f.dropped;
  const cell = (value: string): string => value.replace(/\|/g, "\\|");
  return `| ${cell(f.scenario)} | ${f.sent} | ${f.delivered} | ${f.duplicates} | ${f.deadLettered} | ${f.dropped} | ${unaccounted} | ${f.requests} | ${f.retries ?? "-"} | ${cell(f.notes ?? "")} |`;
}

/** Call once at the top of a test file: after its tests, prints the rows recorded by that file. */
export function useFigures(): void {
  afterAll(() => {
    if (table.length === 0) return;
    const lines = [FIGURES_HEADER, FIGURES_RULE, ...table.map(figuresRow)];
    console.log(lines.map((line) => `FIGURES|${line}`).join("\n"));
    table.length = 0;
  });
}
