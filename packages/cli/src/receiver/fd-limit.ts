import { readFileSync } from "node:fs";

/** The process's soft limit on open files (Linux: /proc/self/limits), or undefined when unknown. */
export function openFileLimit(): number | undefined {
  try {
    const match = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync("/proc/self/limits", "utf8"));
    if (match === null) return undefined;
    return match[1] === "unlimited" ? Number.POSITIVE_INFINITY : Number(match[1]);
  } catch {
    return undefined;
  }
}

/**
 * The receiver's default connection bound: half the file-descriptor limit (the other half is
 * headroom for outgoing requests, spools, dead letters and a second pipeline during a reload),
 * between 16 and 4096; 512 when the limit is unknown (half the usual 1024).
 */
export function defaultMaxConnections(limit: number | undefined): number {
  if (limit === undefined) return 512;
  return Math.max(16, Math.min(4096, Math.floor(limit / 2)));
}
