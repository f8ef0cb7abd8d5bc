import type { FileHandle } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { writeFully } from "./write-fully.js";

/** A file handle whose writes take at most `chunk` bytes each, and fail once `room` bytes went in. */
function fakeHandle(chunk: number, room = Infinity): { handle: FileHandle; bytes: number[] } {
  const bytes: number[] = [];
  const handle = {
    async write(data: Uint8Array, offset: number, length: number) {
      if (bytes.length >= room) throw Object.assign(new Error("no space left on device"), { code: "ENOSPC" });
      const take = Math.min(chunk, length, room - bytes.length);
      bytes.push(...data.subarray(offset, offset + take));
      return { bytesWritten: take, buffer: data };
    },
  } as unknown as FileHandle;
  return { handle, bytes };
}

describe("writeFully", () => {
  it("keeps writing after short writes until everything is in", async () => {
    const { handle, bytes } = fakeHandle(3);
    const data = Buffer.from("0123456789abcdef");
    expect(await writeFully(handle, data)).toEqual({ written: 16 });
    expect(Buffer.from(bytes).toString()).toBe("0123456789abcdef");
  });

  it("says how far it got when the disk fills up", async () => {
    const { handle, bytes } = fakeHandle(4, 10);
    const outcome = await writeFully(handle, Buffer.from("0123456789abcdef"));
    expect(outcome.written).toBe(10);
    expect(outcome.error?.code).toBe("ENOSPC");
    expect(bytes).toHaveLength(10);
  });
});
