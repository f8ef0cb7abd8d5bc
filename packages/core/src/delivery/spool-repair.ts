import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { LogEvent } from "../events/log-event.js";
import { CHECKPOINT, segmentName, type SpoolScan } from "./spool-recovery.js";
import { encodeCheckpoint, encodeEventRecord, type Checkpoint } from "./spool-record.js";

/** Writes the checkpoint through a temporary file and a rename, so it is never half written. */
export function saveCheckpoint(dir: string, checkpoint: Checkpoint): void {
  const tmp = join(dir, `${CHECKPOINT}.tmp`);
  writeFileSync(tmp, encodeCheckpoint(checkpoint));
  renameSync(tmp, join(dir, CHECKPOINT));
}

/**
 * Puts a scanned spool in order: damaged lines go to `<segment>.corrupt-<time>` next to their
 * segment, the intact unsettled events are written to one fresh segment numbered above every
 * sequence the old files may hold, the checkpoint moves to it, and only then are the old
 * segments deleted. A crash at any point loses nothing: before the checkpoint moves, the old
 * segments are still the spool (the next start finds the same damage and repairs again); after
 * it, the fresh segment is. Returns the paths of the moved-aside files and where appends go on.
 */
export function repairSpool(dir: string, scan: SpoolScan, now = new Date()): { movedTo: string[]; low: number; next: number; segment: string | undefined } {
  const stamp = now.toISOString().replace(/[:.]/g, "-");
  const movedTo: string[] = [];
  for (const [name, lines] of scan.damagedLines) {
    const path = join(dir, `${name}.corrupt-${stamp}`);
    writeFileSync(path, Buffer.concat(lines.flatMap((line) => [line, Buffer.from("\n")])));
    movedTo.push(path);
  }
  const low = scan.fresh;
  let segment: string | undefined;
  if (scan.events.length > 0) {
    segment = segmentName(low);
    const tmp = join(dir, "rewrite.tmp");
    writeDurably(tmp, low, scan.events);
    renameSync(tmp, join(dir, segment));
  }
  const next = low + scan.events.length;
  saveCheckpoint(dir, { low, written: next });
  for (const old of scan.segments) if (old.name !== segment) rmSync(join(dir, old.name), { force: true });
  return { movedTo, low, next, segment };
}

function writeDurably(path: string, firstSeq: number, events: readonly LogEvent[]): void {
  const fd = openSync(path, "w");
  try {
    const text = Buffer.from(events.map((event, i) => encodeEventRecord(firstSeq + i, event)).join(""));
    let at = 0;
    while (at < text.length) at += writeSync(fd, text, at, text.length - at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
