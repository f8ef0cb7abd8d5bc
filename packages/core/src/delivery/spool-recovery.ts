import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { LogEvent } from "../events/log-event.js";
import { decodeCheckpoint, decodeRecord, hasChecksum, type Checkpoint } from "./spool-record.js";

export const CHECKPOINT = "checkpoint";
const SEGMENT_NAME = /^segment-(\d+)\.ndjson$/;

/** The name of the segment whose first record has sequence `seq`. */
export function segmentName(seq: number): string {
  return `segment-${String(seq).padStart(12, "0")}.ndjson`;
}

/** What was wrong with a spool when it was opened. */
export interface SpoolDamage {
  /** Events whose records were damaged or missing: they cannot be sent. */
  readonly lost: number;
  /** Damaged records (lines) found, whether their events were settled or not. */
  readonly damagedRecords: number;
  /** One phrase per problem found. */
  readonly problems: readonly string[];
}

/** A spool directory as read at open. */
export interface SpoolScan {
  readonly segments: { readonly name: string; readonly firstSeq: number }[];
  /** First unsettled sequence (from the checkpoint). */
  readonly low: number;
  /** The intact unsettled events, in order. */
  readonly events: LogEvent[];
  /** Above every sequence number the directory may hold: where a rewrite renumbers from. */
  readonly fresh: number;
  /** Sequence after the last record: where appends continue when nothing is rewritten. */
  readonly next: number;
  /** Raw damaged lines per segment, to move aside. */
  readonly damagedLines: ReadonlyMap<string, Buffer[]>;
  readonly damage: SpoolDamage | undefined;
  /** True when the segments must be rewritten (damage, holes, old format, or nothing left). */
  readonly rewrite: boolean;
}

/**
 * Reads and verifies every record of a spool directory. Intact records are kept; damaged ones
 * (bad checksum, cut short) are set aside; sequence numbers that should be there and are not
 * (a deleted segment, a truncated file) are counted from the gaps between intact records and
 * from the checkpoint's `written` mark, so the number of events lost is exact except for
 * records written after the checkpoint was last saved and then lost with the last segment.
 */
export function scanSpool(dir: string): SpoolScan {
  const problems: string[] = [];
  let checkpoint: Checkpoint | "damaged" | undefined;
  try {
    checkpoint = decodeCheckpoint(readFileSync(join(dir, CHECKPOINT), "utf8")) ?? "damaged";
  } catch {
    checkpoint = undefined; // none yet
  }
  const segments = readdirSync(dir)
    .flatMap((name) => {
      const match = SEGMENT_NAME.exec(name);
      return match ? [{ name, firstSeq: Number(match[1]) }] : [];
    })
    .sort((a, b) => a.firstSeq - b.firstSeq);

  const events = new Map<number, LogEvent>();
  const covered: [number, number][] = []; // [start, end) of sequences known: intact or settled unwritten
  const damagedLines = new Map<string, Buffer[]>();
  let legacy = false;
  let tailDamaged = 0;
  let maxSeq = -1;
  segments.forEach((segment, index) => {
    const { lines, unterminated } = splitLines(readFileSync(join(dir, segment.name)));
    const checked = lines.some((line) => hasChecksum(line));
    const last = index === segments.length - 1;
    const damaged: Buffer[] = [];
    let cutShort = false;
    for (const line of lines) {
      const record = decodeRecord(line, !checked);
      if (record.kind === "damaged") {
        damaged.push(line);
        if (last) tailDamaged += 1;
        cutShort = unterminated && line === lines[lines.length - 1];
        continue;
      }
      if (last) tailDamaged = 0;
      const count = record.kind === "skip" ? record.count : 1;
      covered.push([record.seq, record.seq + count]);
      maxSeq = Math.max(maxSeq, record.seq + count - 1);
      if (record.kind === "event" && !events.has(record.seq)) {
        events.set(record.seq, record.event);
        if (!record.checked) legacy = true;
      }
    }
    if (damaged.length === 0) return;
    damagedLines.set(segment.name, damaged);
    const other = damaged.length - (cutShort ? 1 : 0);
    if (other > 0) problems.push(`${other} damaged record(s) in ${segment.name} (checksum mismatch)`);
    // A crash in the middle of a write leaves its last line cut short; the receiver had not
    // acknowledged that event, as it answers only after the write is synced.
    if (cutShort) problems.push(`the last record of ${segment.name} was cut short (a write interrupted by a crash: an event the HTTP receiver had not acknowledged yet)`);
  });

  let low: number;
  if (checkpoint === "damaged") {
    low = covered.reduce((min, [start]) => Math.min(min, start), maxSeq + 1);
    problems.push("the checkpoint was damaged: every event in the spool is sent again (duplicates possible)");
  } else {
    low = checkpoint?.low ?? 0;
  }
  const written = checkpoint === "damaged" ? 0 : (checkpoint?.written ?? 0);
  // Sequences that must be accounted for: from the checkpoint to the last one known written.
  const end = Math.max(maxSeq + 1, written, low);
  const gaps = gapsIn(covered, low, end);
  let lost = gaps.reduce((n, [start, stop]) => n + (stop - start), 0);
  for (const [start, stop] of gaps) {
    problems.push(`${stop - start} record(s) missing (sequence ${start === stop - 1 ? start : `${start}-${stop - 1}`}: a deleted or truncated segment, or damaged records)`);
  }
  // Damaged lines after the last intact record stand for the sequences after it; those not
  // already settled (below the checkpoint) or counted as missing are lost too.
  const tailExtra = Math.max(0, tailDamaged - (end - (maxSeq + 1)));
  lost += tailExtra;
  const damagedRecords = [...damagedLines.values()].reduce((n, lines) => n + lines.length, 0);
  const kept = [...events].filter(([seq]) => seq >= low).sort(([a], [b]) => a - b);
  const damage = problems.length > 0 ? { lost, damagedRecords, problems } : undefined;
  return {
    segments,
    low,
    events: kept.map(([, event]) => event),
    fresh: end + tailDamaged,
    next: end,
    damagedLines,
    damage,
    rewrite: damage !== undefined || legacy || kept.length === 0 || kept.length !== end - low,
  };
}

/** A file's lines without their newlines, empty ones left out, and whether the last lacks one. */
function splitLines(buffer: Buffer): { lines: Buffer[]; unterminated: boolean } {
  const lines: Buffer[] = [];
  let start = 0;
  while (start < buffer.length) {
    let stop = buffer.indexOf(0x0a, start);
    if (stop < 0) stop = buffer.length;
    if (stop > start) lines.push(buffer.subarray(start, stop));
    start = stop + 1;
  }
  return { lines, unterminated: buffer.length > 0 && buffer[buffer.length - 1] !== 0x0a };
}

/** The ranges within [from, to) that no interval of `covered` holds. */
function gapsIn(covered: [number, number][], from: number, to: number): [number, number][] {
  const sorted = [...covered].sort(([a], [b]) => a - b);
  const gaps: [number, number][] = [];
  let at = from;
  for (const [start, stop] of sorted) {
    if (stop <= at) continue;
    if (start >= to) break;
    if (start > at) gaps.push([at, start]);
    at = Math.max(at, stop);
  }
  if (at < to) gaps.push([at, to]);
  return gaps;
}
