import { readFile } from "node:fs/promises";
import { HooklineError } from "@hookline/core";

/** Reads a config file as UTF-8; failures throw `ERR_CONFIG_UNREADABLE` naming the file. */
export async function readConfigText(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : code === "EISDIR" ? "is a directory" : (code ?? "read failed");
    throw new HooklineError("ERR_CONFIG_UNREADABLE", `cannot read config file ${file}: ${reason}`, { cause });
  }
}
