import { clearLine, cursorTo } from "node:readline";
import type { CallbackMetrics } from "@hookline/core";
import { outputBefore, type Output } from "./console-output.js";

/** What a progress line shows. */
export interface ProgressCounts {
  /** Events read from the file so far. */
  readonly read: number;
  /** The callbacks' counters: sent and failed are summed over them. */
  readonly callbacks: readonly CallbackMetrics[];
}

/** A progress line being drawn; see {@link replayProgress}. */
export interface ReplayProgress {
  /** Writes through this clear the line first and let the next frame redraw it. */
  readonly output: Output;
  /** Draws the last frame, leaves it on its own line and stops. */
  stop(): void;
}

/** Options of {@link replayProgress}. */
export interface ReplayProgressOptions {
  /** Where the line is drawn: a terminal. */
  readonly stream: NodeJS.WriteStream;
  readonly counts: () => ProgressCounts;
  /** @default 250 */
  readonly intervalMs?: number;
  /** @default performance.now */
  readonly now?: () => number;
}

/**
 * One line on a terminal, redrawn in place: events read, sent, failed and the read rate. Lines
 * written through `output` meanwhile (a skipped line, a warning) clear it first, so they are
 * not mixed into it. The caller decides whether to draw at all (only on a terminal).
 */
export function replayProgress(output: Output, options: ReplayProgressOptions): ReplayProgress {
  const { stream, counts } = options;
  const now = options.now ?? (() => performance.now());
  const started = now();
  // The rate is of reading: once the file is read, it stays at what it was while the callbacks drain.
  let lastRead = 0;
  let readFor = 0;
  let drawn = false;
  const clear = (): void => {
    if (!drawn) return;
    clearLine(stream, 0);
    cursorTo(stream, 0);
    drawn = false;
  };
  const draw = (): void => {
    const current = counts();
    if (current.read !== lastRead) {
      lastRead = current.read;
      readFor = now() - started;
    }
    clear();
    stream.write(progressLine(current, readFor));
    drawn = true;
  };
  const timer = setInterval(draw, options.intervalMs ?? 250);
  timer.unref();
  draw();
  return {
    output: outputBefore(output, clear),
    stop: () => {
      clearInterval(timer);
      draw();
      stream.write("\n");
      drawn = false;
    },
  };
}

/**
 * The text of one frame: `replay: read 1,200 event(s) (800/s), sent 1,150, failed 2`. With
 * several callbacks an event is sent (or fails) once per callback.
 */
export function progressLine(counts: ProgressCounts, elapsedMs: number): string {
  const sent = counts.callbacks.reduce((n, m) => n + m.sent, 0);
  const failed = counts.callbacks.reduce((n, m) => n + m.failed, 0);
  const rate = elapsedMs > 0 ? Math.round((counts.read * 1000) / elapsedMs) : 0;
  const number = (n: number): string => n.toLocaleString("en-US");
  return `replay: read ${number(counts.read)} event(s) (${number(rate)}/s), sent ${number(sent)}, failed ${number(failed)}`;
}
