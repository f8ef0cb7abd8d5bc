import type { FileHandle } from "node:fs/promises";

/** How a {@link writeFully} ended: bytes that went in, and the error that stopped it, if any. */
export interface WriteOutcome {
  readonly written: number;
  readonly error?: NodeJS.ErrnoException;
}

/**
 * Writes all of `data` to a file opened for appending. One `write` may take only part of a
 * buffer (a disk filling up takes what fits, then refuses): this keeps writing the rest until
 * it is all in or a write fails, and says how far it got, so the caller can cut a partial
 * record off instead of leaving it in the file.
 */
export async function writeFully(handle: FileHandle, data: Uint8Array): Promise<WriteOutcome> {
  let written = 0;
  try {
    while (written < data.length) {
      const { bytesWritten } = await handle.write(data, written, data.length - written);
      if (bytesWritten === 0) throw Object.assign(new Error("write took no bytes"), { code: "EIO" });
      written += bytesWritten;
    }
    return { written };
  } catch (err) {
    return { written, error: err as NodeJS.ErrnoException };
  }
}

/** The error code of a failed disk operation (`ENOSPC`), or its message. */
export function errorCode(err: unknown): string {
  return (err as NodeJS.ErrnoException | undefined)?.code ?? (err instanceof Error ? err.message : String(err));
}
