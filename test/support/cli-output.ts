import type { Output } from "../../packages/cli/dist/index.js";

/** An {@link Output} that records lines, for calling the CLI's `main` in-process. */
export interface RecordedOutput extends Output {
  readonly outLines: string[];
  readonly errLines: string[];
  /** stdout lines joined with newlines. */
  readonly stdout: string;
  readonly stderr: string;
  /** Everything written, both streams. */
  readonly all: string;
}

export function recordOutput(): RecordedOutput {
  const outLines: string[] = [];
  const errLines: string[] = [];
  return {
    outLines,
    errLines,
    out: (line) => void outLines.push(line),
    err: (line) => void errLines.push(line),
    get stdout() {
      return outLines.join("\n");
    },
    get stderr() {
      return errLines.join("\n");
    },
    get all() {
      return [...outLines, ...errLines].join("\n");
    },
  };
}
