import { closeSync, mkdirSync, openSync, rmSync } from "node:fs";
import { join } from "node:path";
import { HooklineError } from "../errors/hookline-error.js";
import type { LogEvent } from "../events/log-event.js";
import { encodeEventRecord, encodeSkipRecord } from "./spool-record.js";
import { scanSpool, type SpoolDamage } from "./spool-recovery.js";
import { repairSpool, saveCheckpoint } from "./spool-repair.js";
import { SpoolSegments, type SegmentEntry } from "./spool-segments.js";
import { errorCode } from "./write-fully.js";

/** After a failed write, the next attempt waits this long (a full disk is not retried in a loop). */
const RETRY_AFTER_FAILURE_MS = 1000;

/** Options of {@link Spool.open}. */
export interface SpoolOptions {
  /** Key path of `spool_path` in config, for messages. */
  readonly configPath?: string;
  /** Receives storage problems: damage found at open, writes failing and succeeding again. */
  readonly onError?: (message: string) => void;
  /**
   * Size after which appends go to a new segment file.
   * @default 16777216
   */
  readonly segmentBytes?: number;
}

/** What {@link Spool.open} found. */
export interface OpenedSpool {
  readonly spool: Spool;
  /** Events a previous run left unsettled, in order, to send first. */
  readonly recovered: LogEvent[];
  /** Sequence number of the first recovered event. */
  readonly firstSeq: number;
  /** Set when records were damaged or missing (and how many events were lost). */
  readonly damage: (SpoolDamage & { readonly movedTo: readonly string[] }) | undefined;
}

/**
 * A callback's on-disk spool: an append-only log of NDJSON segment files plus a checkpoint
 * holding the sequence number of the first event not yet settled (format: `spool-record.ts`,
 * one CRC-32 per record). Writes are group-committed: `sync()` writes what was appended and
 * `fdatasync`s it, and the HTTP receiver answers only after that. Opening verifies every record
 * (`spool-recovery.ts`), keeps the intact ones, moves damage aside and reports the events lost.
 *
 * Events settle out of order (delivered, dead-lettered or dropped); the checkpoint advances
 * over the settled prefix, and events above it are sent again after a crash: at least once.
 * A failed write (disk full, I/O error) is cut off the file and retried later; until a write
 * succeeds the events are held in memory only, {@link failure} says so and `sync()` rejects.
 */
export class Spool {
  readonly #dir: string;
  readonly #onError: ((message: string) => void) | undefined;
  /** Damage found when the spool was opened. */
  readonly damage: OpenedSpool["damage"];
  #nextSeq: number;
  #lowWater: number;
  readonly #settled = new Map<number, number>(); // start -> end (exclusive) of settled ranges above lowWater
  /** Lines not yet on disk: sequences #pendingFirst .. #nextSeq - 1. */
  #pending: string[] = [];
  #pendingFirst: number;
  #pendingBytes = 0;
  /** Every sequence below this was written, or settled and skipped. */
  #writtenTo: number;
  readonly #segments: SpoolSegments;
  #writing: Promise<void> = Promise.resolve();
  #failure: string | undefined;
  #lastError: string | undefined;
  #failedAt = 0;
  #failedCountedTo = 0;
  #writeFailures = 0;
  #written = 0;
  #checkpointDirty = false;
  #checkpointFailure: string | undefined;

  private constructor(dir: string, low: number, next: number, segments: readonly SegmentEntry[], options: SpoolOptions, damage: OpenedSpool["damage"]) {
    this.#dir = dir;
    this.#lowWater = low;
    this.#nextSeq = next;
    this.#pendingFirst = next;
    this.#writtenTo = next;
    this.#failedCountedTo = next;
    this.#segments = new SpoolSegments(dir, segments, options.segmentBytes ?? 16 * 1024 * 1024);
    this.#onError = options.onError;
    this.damage = damage;
  }

  /**
   * Opens (creating) the spool in `dir`: verifies every record, repairs what is damaged (see
   * {@link OpenedSpool.damage}) and returns the events that were not settled before the last stop.
   */
  static open(dir: string, options: SpoolOptions = {}): OpenedSpool {
    const where = options.configPath ? `${options.configPath}: ` : "";
    try {
      mkdirSync(dir, { recursive: true });
      const probe = join(dir, ".probe");
      closeSync(openSync(probe, "w"));
      rmSync(probe);
    } catch (err) {
      throw new HooklineError("ERR_STORAGE_FAILED", `${where}cannot use spool directory ${dir}: ${errorCode(err)}`, { cause: err });
    }
    const scan = scanSpool(dir);
    let low = scan.low;
    let next = scan.next;
    let segments = scan.segments;
    let movedTo: string[] = [];
    if (scan.rewrite) {
      try {
        const repaired = repairSpool(dir, scan);
        ({ low, next, movedTo } = repaired);
        segments = repaired.segment ? [{ name: repaired.segment, firstSeq: low }] : [];
      } catch (err) {
        // A clean spool with nothing left needs no repair, only tidying: go on with its files
        // (a full disk must not stop a start that has nothing to lose).
        if (scan.damage !== undefined || scan.events.length > 0) {
          throw new HooklineError("ERR_STORAGE_FAILED", `${where}cannot repair spool ${dir}: ${errorCode(err)} (nothing was removed; free space and start again)`, { cause: err });
        }
      }
    }
    const damage = scan.damage ? { ...scan.damage, movedTo } : undefined;
    if (damage) {
      const moved = movedTo.length > 0 ? `; damaged bytes moved to ${movedTo.join(", ")}` : "";
      options.onError?.(`${where}spool ${dir}: ${damage.lost} event(s) lost: ${damage.problems.join("; ")}${moved}`);
    }
    return { spool: new Spool(dir, low, next, segments, options, damage), recovered: scan.events, firstSeq: low, damage };
  }

  /** Sequence number the next appended event gets. */
  get nextSeq(): number {
    return this.#nextSeq;
  }

  /** Appends an event (buffered until the next {@link sync}); returns its sequence number. */
  append(event: LogEvent): number {
    const line = encodeEventRecord(this.#nextSeq, event);
    this.#pending.push(line);
    this.#pendingBytes += line.length;
    return this.#nextSeq++;
  }

  /** True when appended events or a moved checkpoint are not on disk yet, or writes are failing. */
  get needsSync(): boolean {
    return this.#pendingBytes > 0 || this.#checkpointDirty || this.#failure !== undefined;
  }

  /** Bytes appended but not yet written. */
  get pendingBytes(): number {
    return this.#pendingBytes;
  }

  /** The error code (`ENOSPC`) while writes are failing; undefined while they succeed. */
  get failure(): string | undefined {
    return this.#failure;
  }

  /** The error code of the last failed write, even if writes succeed again since. */
  get lastError(): string | undefined {
    return this.#lastError;
  }

  /** Events written to disk. */
  get written(): number {
    return this.#written;
  }

  /** Events whose write failed (each counted once): they were held in memory only. */
  get writeFailures(): number {
    return this.#writeFailures;
  }

  /** Unsettled events that are not on disk: after {@link close}, the ones the next start will not find. */
  get unwritten(): number {
    const from = Math.max(this.#pendingFirst, this.#lowWater);
    let count = Math.max(0, this.#nextSeq - from);
    for (const [start, end] of this.#settled) count -= Math.max(0, Math.min(end, this.#nextSeq) - Math.max(start, from));
    return count;
  }

  /**
   * Writes and fdatasyncs everything appended so far. Resolves once it is on disk; rejects with
   * an `ERR_STORAGE_FAILED` {@link HooklineError} when it could not be written (it is tried
   * again later; the events are still held in memory).
   */
  sync(): Promise<void> {
    const target = this.#nextSeq;
    const step = this.#writing.then(() => this.#flush());
    this.#writing = step;
    return step.then(() => {
      if (this.#pendingFirst < target) throw new HooklineError("ERR_STORAGE_FAILED", `spool ${this.#dir} could not write (${this.#failure ?? "not written"})`);
    });
  }

  /** Marks `count` events from `seq` as settled; the checkpoint moves past a settled prefix. */
  settle(seq: number, count: number): void {
    if (count <= 0) return;
    let start = seq;
    let end = seq + count;
    const after = this.#settled.get(end);
    if (after !== undefined) {
      this.#settled.delete(end);
      end = after;
    }
    for (const [s, e] of this.#settled) {
      if (e === start) {
        this.#settled.delete(s);
        start = s;
        break;
      }
    }
    if (start <= this.#lowWater) {
      this.#lowWater = Math.max(this.#lowWater, end);
      this.#checkpointDirty = true;
    } else {
      this.#settled.set(start, end);
    }
  }

  /** Writes what is pending and the checkpoint (one last try even while failing), then closes. */
  async close(): Promise<void> {
    this.#checkpointDirty = true;
    this.#failedAt = 0;
    await this.sync().catch(() => {});
    await this.#segments.close();
  }

  /** One group commit; never rejects (failures are recorded and reported). */
  async #flush(): Promise<void> {
    this.#prune();
    const retry = this.#failure === undefined || Date.now() - this.#failedAt >= RETRY_AFTER_FAILURE_MS;
    // Nothing left at risk: let the next events try the disk (the receiver takes bodies again).
    if (this.#pending.length === 0 && retry) this.#failure = undefined;
    if (this.#pending.length > 0 && retry) {
      const lines = this.#pending;
      const first = this.#pendingFirst;
      const bytes = this.#pendingBytes;
      this.#pending = [];
      this.#pendingBytes = 0;
      this.#pendingFirst = first + lines.length;
      // Sequences settled before they were written are recorded as such, so a gap is never damage.
      const skip = first > this.#writtenTo ? encodeSkipRecord(this.#writtenTo, first - this.#writtenTo) : "";
      const { error, started } = await this.#segments.append(skip + lines.join(""), skip ? this.#writtenTo : first);
      // The checkpoint records how far writes went, so a lost last segment is noticed.
      if (started) this.#checkpointDirty = true;
      if (error === undefined) {
        this.#writtenTo = first + lines.length;
        this.#written += lines.length;
        if (this.#failure !== undefined) this.#onError?.(`spool ${this.#dir}: writes succeed again`);
        this.#failure = undefined;
      } else {
        // Back in front of what was appended meanwhile, in order, for the next attempt.
        this.#pending = lines.concat(this.#pending);
        this.#pendingBytes += bytes;
        this.#pendingFirst = first;
        const end = first + lines.length;
        this.#writeFailures += Math.max(0, end - Math.max(first, this.#failedCountedTo));
        this.#failedCountedTo = Math.max(this.#failedCountedTo, end);
        this.#failure = error;
        this.#lastError = error;
        this.#failedAt = Date.now();
        this.#onError?.(`spool ${this.#dir}: cannot write (${error}): events are held in memory only until a write succeeds`);
        return;
      }
    }
    if (this.#checkpointDirty) this.#saveCheckpoint();
  }

  /** Drops pending lines of events settled before they were written: nothing to keep. */
  #prune(): void {
    const drop = Math.min(this.#lowWater - this.#pendingFirst, this.#pending.length);
    if (drop <= 0) return;
    for (let i = 0; i < drop; i++) this.#pendingBytes -= this.#pending[i]!.length;
    this.#pending.splice(0, drop);
    this.#pendingFirst += drop;
  }

  #saveCheckpoint(): void {
    this.#checkpointDirty = false;
    try {
      saveCheckpoint(this.#dir, { low: this.#lowWater, written: this.#writtenTo });
      this.#checkpointFailure = undefined;
    } catch (err) {
      // Not a loss: an old checkpoint only means more events are sent again after a crash.
      this.#checkpointDirty = true;
      const code = errorCode(err);
      if (this.#checkpointFailure !== code) this.#onError?.(`spool ${this.#dir}: cannot save the checkpoint (${code}): a crash now would send settled events again`);
      this.#checkpointFailure = code;
      return;
    }
    this.#segments.dropBelow(this.#lowWater);
  }
}
