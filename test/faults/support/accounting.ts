/**
 * The accounting identity every fault scenario checks:
 *
 *   sent = delivered (distinct ids acknowledged with a 2xx)
 *        + dead-lettered (lines in the dead_letter_path file)
 *        + dropped (the pipeline's `dropped` counters)
 *
 * with no id unaccounted for, no id counted twice (delivered AND dead-lettered), and no id
 * delivered that was never sent. Duplicates (ids acknowledged more than once) are counted and
 * reported; whether they are allowed is the scenario's call.
 */
import { readFile } from "node:fs/promises";
import { expect } from "vitest";
import type { FaultServer } from "./fault-server.js";

export interface DeadLetter {
  readonly id: string;
  readonly reason: string;
  readonly status: number | null;
  readonly callback: string;
}

/** The records of a dead-letter file (none when the file does not exist). */
export async function readDeadLetters(path: string): Promise<DeadLetter[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const record = JSON.parse(line) as { reason: string; status: number | null; callback: string; payload: { id: string } };
      return { id: record.payload.id, reason: record.reason, status: record.status, callback: record.callback };
    });
}

export interface AccountingInput {
  /** Ids of every event the test sent, once each. */
  readonly sent: readonly string[];
  readonly server: FaultServer;
  /** Ids in the dead-letter file, one per line. */
  readonly deadLettered?: readonly string[];
  /** The pipeline's `dropped` counters, summed. */
  readonly dropped?: number;
  /** Ids of the dropped events, when the test could see them (in-process `onUndelivered`). */
  readonly droppedIds?: readonly string[];
}

export interface Accounting {
  readonly sent: number;
  readonly delivered: number;
  /** Extra 2xx deliveries: for each id, (times acknowledged - 1), summed. */
  readonly duplicates: number;
  readonly duplicateIds: string[];
  readonly deadLettered: number;
  readonly dropped: number;
  /** sent - delivered - deadLettered - dropped; 0 when the identity holds. */
  readonly gap: number;
  /** Sent ids found nowhere (when dropped ids are known: not delivered, dead-lettered or dropped). */
  readonly unaccounted: string[];
  /** Ids both delivered and dead-lettered (or dropped). */
  readonly doubleCounted: string[];
  /** Ids delivered or dead-lettered that the test never sent. */
  readonly strangers: string[];
  /** Dead-letter lines repeating an id. */
  readonly repeatedDeadLetters: number;
  readonly deliveredIds: ReadonlySet<string>;
}

export function account(input: AccountingInput): Accounting {
  const sent = new Set(input.sent);
  const deliveredCounts = input.server.deliveredCounts();
  const deliveredIds = new Set(deliveredCounts.keys());
  const deadIds = new Set(input.deadLettered ?? []);
  const droppedIds = input.droppedIds === undefined ? undefined : new Set(input.droppedIds);
  const dropped = input.dropped ?? 0;
  const duplicateIds = [...deliveredCounts].filter(([, n]) => n > 1).map(([id]) => id);
  const duplicates = [...deliveredCounts.values()].reduce((sum, n) => sum + (n - 1), 0);
  const placed = (id: string): boolean => deliveredIds.has(id) || deadIds.has(id) || (droppedIds?.has(id) ?? false);
  const missing = [...sent].filter((id) => !placed(id));
  // Without dropped ids, `dropped` events are legitimately missing; any beyond that are lost.
  const unaccounted = droppedIds === undefined ? (missing.length > dropped ? missing : []) : missing;
  const doubleCounted = [...deliveredIds].filter((id) => deadIds.has(id) || (droppedIds?.has(id) ?? false));
  const strangers = [...deliveredIds, ...deadIds].filter((id) => !sent.has(id));
  return {
    sent: sent.size,
    delivered: [...deliveredIds].filter((id) => sent.has(id)).length,
    duplicates,
    duplicateIds,
    deadLettered: input.deadLettered?.length ?? 0,
    dropped,
    gap: sent.size - [...deliveredIds].filter((id) => sent.has(id)).length - (input.deadLettered?.length ?? 0) - dropped,
    unaccounted,
    doubleCounted,
    strangers,
    repeatedDeadLetters: (input.deadLettered?.length ?? 0) - deadIds.size,
    deliveredIds,
  };
}

/** Asserts the identity: nothing unaccounted for, nothing counted twice, nothing invented. */
export function expectIdentity(a: Accounting): void {
  const summary = `sent ${a.sent} = delivered ${a.delivered} + dead-lettered ${a.deadLettered} + dropped ${a.dropped} (gap ${a.gap})`;
  expect(a.unaccounted, `unaccounted ids; ${summary}`).toEqual([]);
  expect(a.doubleCounted, `ids both delivered and dead-lettered/dropped; ${summary}`).toEqual([]);
  expect(a.strangers, `ids that were never sent; ${summary}`).toEqual([]);
  expect(a.repeatedDeadLetters, `dead-letter lines repeating an id; ${summary}`).toBe(0);
  expect(a.gap, summary).toBe(0);
}

/** Sum of a `dropped` record. */
export function droppedSum(dropped: Readonly<Record<string, number>>): number {
  return Object.values(dropped).reduce((a, b) => a + b, 0);
}
