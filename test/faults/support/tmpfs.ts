/**
 * A small tmpfs the disk-full scenarios mount on a temporary directory (they run as root in CI
 * and here): a real file system that really fills up, so writes fail with a real ENOSPC, short
 * writes included. Where mounting is not permitted the scenarios are skipped, and say why:
 *
 *   const TMPFS = await tmpfsSupport();           // undefined, or why not
 *   it.skipIf(TMPFS !== undefined)("...", ...);   // and a printed SKIPPED|tmpfs|<reason> line
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, stat, statfs, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Cleanup } from "./harness.js";

/** A mounted tmpfs. */
export interface Tmpfs {
  /** The mount point. */
  readonly path: string;
  /** Bytes free right now. */
  free(): Promise<number>;
  /** Fills the file system with a filler file until at most `leaveBytes` are free. */
  fill(leaveBytes?: number): Promise<void>;
  /** Deletes the filler: the space is free again. */
  unfill(): Promise<void>;
}

function run(command: string, args: readonly string[], timeoutMs = 5000): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    execFile(command, [...args], { timeout: timeoutMs }, (err, stdout, stderr) => resolve({ ok: !err, output: `${stdout}${stderr}`.trim() || String(err?.message ?? "") }));
  });
}

async function mountAt(dir: string, sizeBytes: number): Promise<{ ok: boolean; output: string }> {
  return run("mount", ["-t", "tmpfs", "-o", `size=${sizeBytes},mode=0700`, "tmpfs", dir]);
}

/** Unmounts (lazily if busy), bounded in time. */
async function unmount(dir: string): Promise<void> {
  if (!(await run("umount", [dir])).ok) await run("umount", ["-l", dir]);
}

let support: Promise<string | undefined> | undefined;

/**
 * Whether a tmpfs can be mounted here: `undefined` when it can, else the reason (printed once
 * as a `SKIPPED|tmpfs|...` line, so a run's output says the disk-full scenarios did not run).
 */
export function tmpfsSupport(): Promise<string | undefined> {
  support ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), "hookline-tmpfs-probe-"));
    try {
      const mounted = await mountAt(dir, 64 * 1024);
      if (!mounted.ok) return `cannot mount a tmpfs (${mounted.output || "mount failed"}): the disk-full scenarios need root or CAP_SYS_ADMIN`;
      await unmount(dir);
      return undefined;
    } finally {
      await rm(dir, { recursive: true, force: true }).catch(() => {});
    }
  })().then((reason) => {
    if (reason !== undefined) console.log(`SKIPPED|tmpfs|${reason}`);
    return reason;
  });
  return support;
}

/** Mounts a tmpfs of `sizeBytes` on a fresh directory; unmounted (and removed) after the test. */
export async function mountTmpfs(cleanup: Cleanup, sizeBytes: number): Promise<Tmpfs> {
  const path = await mkdtemp(join(tmpdir(), "hookline-tmpfs-"));
  const mounted = await mountAt(path, sizeBytes);
  if (!mounted.ok) {
    await rm(path, { recursive: true, force: true });
    throw new Error(`mount -t tmpfs on ${path} failed: ${mounted.output}`);
  }
  // Registered before anything writes there, so it runs after the processes using it are gone.
  cleanup(async () => {
    await unmount(path);
    await rm(path, { recursive: true, force: true });
  });
  const filler = join(path, ".filler");
  const free = async (): Promise<number> => {
    const stats = await statfs(path);
    return stats.bavail * stats.bsize;
  };
  return {
    path,
    free,
    async fill(leaveBytes = 0) {
      try {
        await writeFile(filler, Buffer.alloc(sizeBytes), { flag: "a" });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENOSPC") throw err;
      }
      if (leaveBytes > 0) {
        const { size } = await stat(filler);
        await truncate(filler, Math.max(0, size - leaveBytes));
      }
    },
    async unfill() {
      await rm(filler, { force: true });
    },
  };
}
