import { mkdir, open, type FileHandle } from "node:fs/promises";
import { dirname } from "node:path";
import { HooklineError } from "@hookline/core";
import type { RejectedEvent } from "./parse-log-body.js";

/** Where the receiver keeps the elements it rejects (see {@link openReceiverDeadLetters}). */
export interface ReceiverDeadLetters {
  readonly path: string;
  /** Appends one record per element and syncs the file; rejects when the write fails. */
  write(rejected: readonly RejectedEvent[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens (creating it and its directory) the file the receiver appends rejected elements to, one
 * NDJSON record each:
 * `{"hookline_dead_letter":1,"source":"http","reason","time","index","payload"}`, where
 * `payload` is the element's JSON as it arrived, or `payload_base64` its bytes when they are
 * not valid UTF-8 (so they are kept exactly). A write is synced (fdatasync) before it resolves,
 * because the receiver answers 200 only once every element of the body is delivered or kept.
 *
 * @throws HooklineError `ERR_STORAGE_FAILED` naming `configPath` when the file cannot be opened.
 */
export async function openReceiverDeadLetters(path: string, configPath = "sources.http.dead_letter_path"): Promise<ReceiverDeadLetters> {
  let handle: FileHandle;
  try {
    // A file in the way makes mkdir say EEXIST; open then says what is wrong (ENOTDIR).
    await mkdir(dirname(path), { recursive: true }).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "EEXIST") throw err;
    });
    handle = await open(path, "a");
  } catch (err) {
    throw new HooklineError("ERR_STORAGE_FAILED", `${configPath}: cannot write dead-letter file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
  // One write at a time, in order.
  let tail: Promise<void> = Promise.resolve();
  return {
    path,
    write(rejected) {
      const time = new Date().toISOString();
      let text = "";
      for (const item of rejected) {
        const payload =
          item.json !== undefined ? `"payload":${item.json}` : item.bytes !== undefined ? `"payload_base64":"${Buffer.from(item.bytes).toString("base64")}"` : `"payload":null`;
        text += `{"hookline_dead_letter":1,"source":"http","reason":${JSON.stringify(item.reason)},"time":"${time}","index":${item.index},${payload}}\n`;
      }
      const written = tail.then(async () => {
        await handle.appendFile(text);
        await handle.datasync();
      });
      tail = written.catch(() => {});
      return written;
    },
    async close() {
      await tail;
      await handle.close();
    },
  };
}
