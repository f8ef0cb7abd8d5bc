import { LineCounter, parseDocument } from "yaml";
import { HooklineError } from "@hookline/core";

/**
 * Parses config.yaml text into plain data. Syntax errors throw `ERR_CONFIG_UNREADABLE` with the
 * file, line and column, but without the offending source line, which may hold a secret.
 */
export function parseConfigYaml(text: string, file: string | undefined): unknown {
  const where = file ?? "config";
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const error = document.errors[0];
  if (error) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    const reason = error.message.split("\n")[0]?.replace(/ at line \d+, column \d+.*$/, "") ?? error.code;
    throw new HooklineError("ERR_CONFIG_UNREADABLE", `${where}:${line}:${col}: YAML syntax error: ${reason}`, { cause: error });
  }
  try {
    return document.toJS({ maxAliasCount: 1000 });
  } catch (cause) {
    throw new HooklineError("ERR_CONFIG_UNREADABLE", `${where}: cannot read YAML: ${(cause as Error).message}`, { cause });
  }
}
