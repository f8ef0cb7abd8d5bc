import { closeSync, mkdirSync, openSync } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { dirname } from "node:path";
import { eventJson } from "../events/log-event.js";
import { HooklineError } from "../errors/hookline-error.js";
import type { DeliveryReport } from "./delivery-report.js";
import { errorCode, writeFully } from "./write-fully.js";

/** Where undeliverable events go. */
export interface DeadLetterSink {
  /**
   * Appends the report's events; resolves with how many were written: the first that many of
   * `report.events` (0 when writing failed). The rest were not written and are not in the file.
   */
  write(report: DeliveryReport, callback: string): Promise<number>;
  /** Waits for pending writes and closes the file. */
  close(): Promise<void>;
  /** The error code of the last failed write (`ENOSPC`), once one failed. */
  readonly lastError?: string;
}

interface Pending {
  readonly records: string[];
  readonly resolve: (written: number) => void;
}

/**
 * Appends undeliverable events to an NDJSON file, one record per event:
 * `{"hookline_dead_letter":1,"callback","reason","status","time","event_type","payload"}`.
 * `hookline replay` sends such a file again as it is.
 *
 * The file is opened (and its directory created) at once, so an unwritable path is a
 * configuration error at start-up, not a surprise during an outage. Writes are grouped and
 * `fdatasync`ed; `write` resolves with the number of records that really are in the file. On a
 * full disk the records that fit are kept, a record cut in half is cut off (the file stays
 * whole lines), the rest are counted as not written and reported through `onError`; every
 * later write tries again.
 *
 * @example
 * ```ts
 * const deadLetters = deadLetterFile("/var/lib/hookline/dead.ndjson", { onError: console.error });
 * ```
 */
export function deadLetterFile(path: string, options: { onError?: (message: string) => void; configPath?: string } = {}): DeadLetterSink {
  try {
    mkdirSync(dirname(path), { recursive: true });
    closeSync(openSync(path, "a"));
  } catch (err) {
    throw new HooklineError(
      "ERR_STORAGE_FAILED",
      `${options.configPath ? `${options.configPath}: ` : ""}cannot write dead-letter file ${path}: ${errorCode(err)}`,
      { cause: err },
    );
  }
  let file: { handle: FileHandle; size: number } | undefined;
  let queue: Pending[] = [];
  let draining: Promise<void> | undefined;
  let lastError: string | undefined;
  /** A partial record could not be cut off: the next write starts on a new line. */
  let newline = false;

  const fail = (err: unknown): string => {
    lastError = errorCode(err);
    options.onError?.(`cannot write dead-letter file ${path}: ${lastError}`);
    return lastError;
  };

  /** Writes the records; resolves with how many are in the file. */
  const append = async (records: string[]): Promise<number> => {
    try {
      if (!file) {
        const handle = await open(path, "a");
        file = { handle, size: (await handle.stat()).size };
      }
    } catch (err) {
      fail(err);
      return 0;
    }
    const { handle, size } = file;
    const data = Buffer.from((newline ? "\n" : "") + records.join(""));
    const { written, error } = await writeFully(handle, data);
    // Whole records that went in before the write failed.
    let whole = 0;
    let end = newline ? 1 : 0;
    while (whole < records.length && end + Buffer.byteLength(records[whole]!) <= written) end += Buffer.byteLength(records[whole++]!);
    const datasync = (): Promise<unknown> => handle.datasync().then(() => undefined, (err: unknown) => err);
    const truncate = (to: number): Promise<boolean> => handle.truncate(to).then(() => true, () => false);
    let synced = error === undefined ? await datasync() : undefined;
    if (error !== undefined) {
      fail(error);
      // Keep the whole records, cut the one the disk took half of. If it cannot be cut, the
      // next write starts a new line: the fragment is one malformed line, which replay reports.
      newline = !(await truncate(size + end));
      if (whole > 0) synced = await datasync();
    }
    if (synced !== undefined) {
      // After a failed fdatasync nothing is known to be on disk: cut it all off.
      newline = !(await truncate(size));
      fail(synced);
      whole = 0;
    }
    if (error === undefined && synced === undefined) {
      file.size = size + data.length;
      newline = false;
    } else {
      file.size = await handle.stat().then((stat) => stat.size, () => size + end);
    }
    return whole;
  };

  const drain = async (): Promise<void> => {
    while (queue.length > 0) {
      const group = queue;
      queue = [];
      let left = await append(group.flatMap((pending) => pending.records));
      for (const pending of group) {
        const taken = Math.min(left, pending.records.length);
        left -= taken;
        pending.resolve(taken);
      }
    }
    draining = undefined;
  };

  return {
    get lastError() {
      return lastError;
    },
    write(report, callback) {
      if (report.events.length === 0) return Promise.resolve(0);
      const time = new Date().toISOString();
      const head = `{"hookline_dead_letter":1,"callback":${JSON.stringify(callback)},"reason":${JSON.stringify(report.reason ?? report.dropReason ?? "undeliverable")},"status":${report.status ?? null},"time":"${time}","event_type":"`;
      const records = report.events.map((event) => `${head}${event.type}","payload":${eventJson(event)}}\n`);
      return new Promise((resolve) => {
        queue.push({ records, resolve });
        draining ??= drain();
      });
    },
    async close() {
      await draining;
      const current = file;
      file = undefined;
      await current?.handle.close().catch(() => {});
    },
  };
}
