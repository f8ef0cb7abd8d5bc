import type { Logger } from "pino";
import type { LogFields, LogLevel, Output } from "./console-output.js";

/** The values of `--log-level`, most severe first. */
export const LOG_LEVELS = ["error", "warn", "info", "debug"] as const satisfies readonly LogLevel[];

/** The values of `--log-format`. */
export const LOG_FORMATS = ["text", "json"] as const;

/** Options of {@link logOutput}. */
export interface LogOutputOptions {
  /** Lines less severe than this are left out. @default "info" */
  readonly level?: LogLevel;
  /** `json`: one object per line, `{"level","time","fields","msg"}`. @default "text" */
  readonly format?: (typeof LOG_FORMATS)[number];
  /** The subcommand, in every JSON line's fields. */
  readonly command?: string;
}

/**
 * Turns the diagnostics an {@link Output} writes to `err` into log lines with a level: filtered
 * by `level`, and with `format: "json"` written as one JSON object per line (through pino).
 * Results written to `out` (tables, addresses, reports) are left as they are.
 *
 * A line keeps the text it has in the text format, already scrubbed of the config's secrets
 * where it is made (as every line hookline prints); the JSON line carries that same text, so it
 * holds no more than the text line did. A plain `err(line)` gets its level from how it starts
 * (`warning:`, `error:`...); {@link Output.log} gives one explicitly.
 */
export async function logOutput(output: Output, options: LogOutputOptions = {}): Promise<Output> {
  const threshold = LOG_LEVELS.indexOf(options.level ?? "info");
  const enabled = (level: LogLevel): boolean => LOG_LEVELS.indexOf(level) <= threshold;
  // pino is loaded only for JSON lines: the text format (and `--help`) does without it.
  const { pino, stdTimeFunctions } = options.format === "json" ? await import("pino") : { pino: undefined, stdTimeFunctions: undefined };
  const logger: Logger | undefined =
    pino && stdTimeFunctions
      ? pino(
          {
            level: options.level ?? "info",
            base: undefined,
            timestamp: stdTimeFunctions.isoTime,
            formatters: { level: (label) => ({ level: label }) },
          },
          // Synchronous: a line is written before a forced exit (a second SIGTERM) can lose it.
          { write: (line: string) => output.err(line.replace(/\n$/, "")) },
        )
      : undefined;
  const log = (level: LogLevel, line: string, fields: LogFields = {}): void => {
    if (!enabled(level)) return;
    if (!logger) return output.err(line);
    const callback = /^(?:warning: )?callback ([\w.-]+)[: ]/.exec(line)?.[1];
    logger[level]({ fields: { ...(options.command ? { command: options.command } : {}), ...(callback ? { callback } : {}), ...fields } }, messageOf(line));
  };
  return { out: (line) => output.out(line), err: (line) => log(levelOf(line), line), log };
}

/** The level of a diagnostic line, from how hookline words it. */
export function levelOf(line: string): LogLevel {
  if (/^(?:error: |hookline: |reload failed: )/.test(line)) return "error";
  if (/^(?:warning: |line \d+: |drain timeout: )/.test(line) || /\bnot delivered\b/.test(line)) return "warn";
  // The closing line of a callback that lost events: `callback api: 3 failed; last error: ...`.
  if (/^callback [\w.-]+: \d+ (?:failed|dropped)/.test(line)) return "warn";
  return "info";
}

/** The text without the prefix that says its level (the JSON line has a `level`). */
function messageOf(line: string): string {
  return line.replace(/^(?:warning: |error: |hookline: )/, "");
}
