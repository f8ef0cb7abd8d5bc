import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, openSync, closeSync } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { HooklineError } from "../errors/hookline-error.js";
import { isEventType } from "../events/event-type.js";
import { createLogEvent, eventJson, eventTypeOf, type LogEvent } from "../events/log-event.js";
import type { StandardLoggingPayload } from "../events/standard-logging-payload.js";

const SEGMENT_BYTES = 16 * 1024 * 1024;
const CHECKPOINT = "checkpoint";

/** Options of {@link Spool.open}. */
export interface SpoolOptions {
  /** Key path of `spool_path` in config, for messages. */
  readonly configPath?: string;
  /** Called when a write fails at run time (disk full); the spool then stops writing. */
  readonly onError?: (message: string) => void;
}

/**
 * A callback's on-disk spool: an append-only log of NDJSON segment files plus a checkpoint
 * holding the sequence number of the first event not yet settled.
 *
 * Why a segment log and not an embedded database: the access pattern is strictly append, then
 * delete from the front; records are already JSON text; and a plain file needs no native
 * module, which keeps `npm install` working everywhere. Writes are group-committed: `sync()`
 * writes what was appended and `fdatasync`s it, and the HTTP receiver answers only after that.
 * A torn last line after a crash is skipped on recovery.
 *
 * Sequence numbers are assigned in append order; events settle (delivered, dead-lettered or
 * dropped) out of order, and the checkpoint advances over the settled prefix. Events above it
 * are sent again after a crash: delivery is at least once.
 */
export class Spool {
  readonly #dir: string;
  readonly #onError: ((message: string) => void) | undefined;
  #nextSeq: number;
  #lowWater: number;
  readonly #settled = new Map<number, number>(); // start -> end (exclusive) of settled ranges above lowWater
  #pending: string[] = [];
  #pendingBytes = 0;
  #segment: { handle: Promise<FileHandle>; name: string; bytes: number; firstSeq: number } | undefined;
  readonly #segments: { name: string; firstSeq: number }[] = [];
  #writing: Promise<void> = Promise.resolve();
  #broken: string | undefined;
  #checkpointDirty = false;

  private constructor(dir: string, lowWater: number, nextSeq: number, segments: { name: string; firstSeq: number }[], onError?: (message: string) => void) {
    this.#dir = dir;
    this.#lowWater = lowWater;
    this.#nextSeq = nextSeq;
    this.#segments = segments;
    this.#onError = onError;
  }

  /**
   * Opens (creating) the spool in `dir` and returns the events that were not settled before the
   * last stop, in order, with the sequence number of the first.
   */
  static open(dir: string, options: SpoolOptions = {}): { spool: Spool; recovered: LogEvent[]; firstSeq: number } {
    const where = options.configPath ? `${options.configPath}: ` : "";
    try {
      mkdirSync(dir, { recursive: true });
      const probe = join(dir, ".probe");
      closeSync(openSync(probe, "w"));
      rmSync(probe);
    } catch (err) {
      throw new HooklineError("ERR_STORAGE_FAILED", `${where}cannot use spool directory ${dir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
    }
    let lowWater = 0;
    try {
      lowWater = Number(readFileSync(join(dir, CHECKPOINT), "utf8").trim()) || 0;
    } catch {
      // no checkpoint yet
    }
    const segments = readdirSync(dir)
      .filter((name) => /^segment-\d+\.ndjson$/.test(name))
      .map((name) => ({ name, firstSeq: Number(name.slice(8, -7)) }))
      .sort((a, b) => a.firstSeq - b.firstSeq);
    const recovered: LogEvent[] = [];
    let nextSeq = lowWater;
    for (const segment of segments) {
      const text = readFileSync(join(dir, segment.name), "utf8");
      for (const line of text.split("\n")) {
        const record = parseRecord(line);
        if (!record) continue;
        nextSeq = Math.max(nextSeq, record.seq + 1);
        if (record.seq >= lowWater) recovered.push(record.event);
      }
    }
    // Recovered events are renumbered from lowWater in order, so sequence numbers stay contiguous.
    const spool = new Spool(dir, lowWater, lowWater + recovered.length, segments, options.onError);
    if (nextSeq !== lowWater + recovered.length || recovered.length === 0) {
      // Holes (torn lines) or nothing left: rewrite the survivors into a fresh segment.
      spool.#rewrite(recovered);
    }
    return { spool, recovered, firstSeq: lowWater };
  }

  /** Sequence number the next appended event gets. */
  get nextSeq(): number {
    return this.#nextSeq;
  }

  /** Appends an event (buffered until the next {@link sync}); returns its sequence number. */
  append(event: LogEvent): number {
    const seq = this.#nextSeq++;
    if (this.#broken) return seq;
    const line = `{"s":${seq},"t":"${event.type}","p":${eventJson(event)}}\n`;
    this.#pending.push(line);
    this.#pendingBytes += line.length;
    return seq;
  }

  /** True when appended events or a moved checkpoint are not on disk yet. */
  get needsSync(): boolean {
    return this.#pendingBytes > 0 || this.#checkpointDirty;
  }

  /** Bytes appended but not yet written. */
  get pendingBytes(): number {
    return this.#pendingBytes;
  }

  /** Writes and fdatasyncs everything appended so far; resolves when it is on disk. */
  sync(): Promise<void> {
    const lines = this.#pending;
    const firstSeq = this.#nextSeq - lines.length;
    this.#pending = [];
    this.#pendingBytes = 0;
    const checkpoint = this.#checkpointDirty;
    this.#checkpointDirty = false;
    this.#writing = this.#writing.then(async () => {
      if (this.#broken) return;
      try {
        if (lines.length > 0) await this.#write(lines.join(""), firstSeq);
        if (checkpoint) this.#saveCheckpoint();
      } catch (err) {
        this.#broken = (err as NodeJS.ErrnoException).code ?? String(err);
        this.#onError?.(`spool ${this.#dir} stopped writing: ${this.#broken}; events stay in memory only`);
      }
    });
    return this.#writing;
  }

  /** Marks `count` events from `seq` as settled; the checkpoint moves past a settled prefix. */
  settle(seq: number, count: number): void {
    if (count <= 0) return;
    let start = seq;
    let end = seq + count;
    // Merge with adjacent settled ranges.
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

  /** Writes pending data and the checkpoint, then closes the segment. */
  async close(): Promise<void> {
    this.#checkpointDirty = true;
    await this.sync();
    const segment = this.#segment;
    this.#segment = undefined;
    if (segment) await (await segment.handle).close();
  }

  async #write(text: string, firstSeq: number): Promise<void> {
    if (!this.#segment || this.#segment.bytes > SEGMENT_BYTES) await this.#roll(firstSeq);
    const segment = this.#segment!;
    const handle = await segment.handle;
    await handle.write(text);
    await handle.datasync();
    segment.bytes += text.length;
  }

  async #roll(firstSeq: number): Promise<void> {
    const previous = this.#segment;
    if (previous) await (await previous.handle).close();
    const name = `segment-${String(firstSeq).padStart(12, "0")}.ndjson`;
    this.#segment = { handle: open(join(this.#dir, name), "a"), name, bytes: 0, firstSeq };
    this.#segments.push({ name, firstSeq });
  }

  #saveCheckpoint(): void {
    const tmp = join(this.#dir, `${CHECKPOINT}.tmp`);
    writeFileSync(tmp, String(this.#lowWater));
    renameSync(tmp, join(this.#dir, CHECKPOINT));
    this.#dropSettledSegments();
  }

  /** Deletes segments every record of which is below the checkpoint. */
  #dropSettledSegments(): void {
    while (this.#segments.length > 1) {
      const [first, second] = this.#segments as [{ name: string; firstSeq: number }, { name: string; firstSeq: number }];
      if (second.firstSeq > this.#lowWater || first.name === this.#segment?.name) return;
      rmSync(join(this.#dir, first.name), { force: true });
      this.#segments.shift();
    }
  }

  #rewrite(events: readonly LogEvent[]): void {
    const name = `segment-${String(this.#lowWater).padStart(12, "0")}.ndjson`;
    const tmp = join(this.#dir, `${name}.tmp`);
    writeFileSync(tmp, events.map((event, i) => `{"s":${this.#lowWater + i},"t":"${event.type}","p":${eventJson(event)}}\n`).join(""));
    for (const segment of this.#segments) rmSync(join(this.#dir, segment.name), { force: true });
    renameSync(tmp, join(this.#dir, name));
    this.#segments.length = 0;
    this.#segments.push({ name, firstSeq: this.#lowWater });
  }
}

function parseRecord(line: string): { seq: number; event: LogEvent } | undefined {
  if (line === "") return undefined;
  try {
    const record = JSON.parse(line) as { s: number; t: unknown; p: StandardLoggingPayload };
    if (typeof record.s !== "number" || typeof record.p !== "object" || record.p === null) return undefined;
    const type = isEventType(record.t) ? record.t : eventTypeOf(record.p);
    return { seq: record.s, event: createLogEvent(record.p, type) };
  } catch {
    return undefined; // a line torn by a crash
  }
}
