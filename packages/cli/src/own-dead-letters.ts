import { fstatSync, statSync, type Stats } from "node:fs";
import { resolve } from "node:path";
import type { HooklineConfig } from "@hookline/config";
import { UsageError } from "./usage-error.js";

/**
 * Refuses to replay a file that is the `dead_letter_path` of one of the config's callbacks:
 * events failing again would be appended to the file while it is being read (read again,
 * sent again, without end). Files are compared by device and inode, so another spelling of the
 * path, a symbolic or hard link, or stdin redirected from the file are caught too.
 *
 * @param input the file replay reads, or `0` for stdin
 */
export function refuseOwnDeadLetters(input: string | 0, config: HooklineConfig, configDir: string): void {
  const read = identity(() => (input === 0 ? fstatSync(0) : statSync(input)));
  if (!read || !read.isFile()) return;
  for (const callback of config.callbacks) {
    if (callback.deadLetterPath === undefined) continue;
    const path = resolve(configDir, callback.deadLetterPath);
    const dead = identity(() => statSync(path));
    if (!dead || dead.dev !== read.dev || dead.ino !== read.ino) continue;
    const shown = input === 0 ? "stdin" : input;
    throw new UsageError(
      `replay: ${shown} is the dead-letter file of callback ${callback.name} (${callback.path}.dead_letter_path: ${path}); ` +
        `events failing again would be appended to it while it is read. Move it aside first, then replay the moved file ` +
        `(new failures go to a fresh ${callback.deadLetterPath}): mv ${path} ${path}.replay && hookline replay ${path}.replay --config ...`,
    );
  }
}

function identity(stat: () => Stats): Stats | undefined {
  try {
    return stat();
  } catch {
    return undefined; // not there (yet): cannot be the same file
  }
}
