import { rmSync } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { segmentName } from "./spool-recovery.js";
import { errorCode, writeFully } from "./write-fully.js";

/** One segment file of a spool: its name and the sequence of its first record. */
export interface SegmentEntry {
  readonly name: string;
  readonly firstSeq: number;
}

/**
 * The segment files of a spool: appends to the newest (a new one once it passes
 * `segmentBytes`), and deletes old ones once every record in them is settled. A write that
 * fails is cut off the file again, so a segment only ever holds whole records.
 */
export class SpoolSegments {
  readonly #dir: string;
  readonly #segmentBytes: number;
  readonly #segments: SegmentEntry[];
  #current: { handle: FileHandle; name: string; bytes: number } | undefined;
  /** A partial line could not be cut off: the next write starts on a new line. */
  #newline = false;

  /** @param segments the segments already on disk, oldest first (appends go to a new one) */
  constructor(dir: string, segments: readonly SegmentEntry[], segmentBytes: number) {
    this.#dir = dir;
    this.#segments = [...segments];
    this.#segmentBytes = segmentBytes;
  }

  /**
   * Appends `text` (whole records, the first numbered `firstSeq`) and fdatasyncs it. Resolves
   * with the error code when it could not, after cutting off whatever part went in; `started`
   * is true when this write began a new segment.
   */
  async append(text: string, firstSeq: number): Promise<{ error?: string; started: boolean }> {
    let started = false;
    try {
      if (!this.#current || this.#current.bytes > this.#segmentBytes) {
        await this.#roll(firstSeq);
        started = true;
      }
    } catch (err) {
      return { error: errorCode(err), started };
    }
    const segment = this.#current!;
    const data = Buffer.from(this.#newline ? `\n${text}` : text);
    const { error } = await writeFully(segment.handle, data);
    const failed = error ?? (await segment.handle.datasync().then(() => undefined, (err: NodeJS.ErrnoException) => err));
    if (failed === undefined) {
      segment.bytes += data.length;
      this.#newline = false;
      return { started };
    }
    // A partial record must not stay in the file: the next write would follow it on its line.
    // After a failed fdatasync the data's fate is unknown, so it is cut off and written again.
    // When it cannot be cut off, the next write starts a new line: the fragment stays a damaged
    // line of its own (its event is written again, so nothing is lost).
    await segment.handle.truncate(segment.bytes).then(
      () => (this.#newline = false),
      () => (this.#newline = true),
    );
    return { error: errorCode(failed), started };
  }

  /** Deletes the segments every record of which is below `low` (never the one appended to). */
  dropBelow(low: number): void {
    while (this.#segments.length > 1) {
      const [first, second] = this.#segments as [SegmentEntry, SegmentEntry];
      if (second.firstSeq > low || first.name === this.#current?.name) return;
      rmSync(join(this.#dir, first.name), { force: true });
      this.#segments.shift();
    }
  }

  /** Closes the file being appended to. */
  async close(): Promise<void> {
    const current = this.#current;
    this.#current = undefined;
    await current?.handle.close().catch(() => {});
  }

  async #roll(firstSeq: number): Promise<void> {
    await this.close();
    const name = segmentName(firstSeq);
    const handle = await open(join(this.#dir, name), "a");
    this.#current = { handle, name, bytes: 0 };
    this.#segments.push({ name, firstSeq });
  }
}
