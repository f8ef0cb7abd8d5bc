import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A temporary directory under `os.tmpdir()`; `remove()` deletes it and everything in it. */
export interface TempDir {
  readonly path: string;
  /** Writes `text` to `name` in the directory and returns the file's path. */
  write(name: string, text: string): Promise<string>;
  remove(): Promise<void>;
}

/** Creates a fresh temporary directory. */
export async function makeTempDir(prefix = "hookline-it-"): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return {
    path,
    async write(name, text) {
      const file = join(path, name);
      await writeFile(file, text, "utf8");
      return file;
    },
    remove: () => rm(path, { recursive: true, force: true }),
  };
}
