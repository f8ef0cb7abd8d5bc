/**
 * Who caused an event-loop stall: the code on the loop's thread, or the machine?
 *
 * `monitorEventLoopDelay` measures how late the loop was, whatever the cause. On a shared 2-core
 * machine many late turns are the thread waiting for a CPU (another process, or this process's
 * own GC helper threads, had it), which says nothing about the code under test. This monitor is
 * a 1 ms interval timer that reads, at every tick, the clock and the main thread's scheduler
 * statistics (Linux `/proc/<pid>/task/<pid>/schedstat`: nanoseconds on a CPU, nanoseconds
 * waiting in a run queue). For each tick:
 *
 * - lateness = time since the previous tick − the 1 ms interval: how long the loop kept the
 *   timer waiting (what `monitorEventLoopDelay` records);
 * - run-queue wait = how much of that time the thread was ready but had no CPU;
 * - busy = the thread's CPU time in the interval: every turn between the two ticks added up;
 * - own stall = lateness − run-queue wait, and at most busy: how long the loop was held while the
 *   thread had a CPU and used it (running JavaScript, V8's work on the main thread such as
 *   scavenges, native calls). That is the part of a late turn the process itself caused. Time
 *   the thread was neither running nor waiting for a CPU (blocked in a call, or the whole virtual
 *   machine paused by its host, which then looks like a sleeping thread) is not counted.
 *
 * `process.cpuUsage()` is called before each read: getrusage makes the kernel add the running
 * thread's pending time to its statistics, which it otherwise does only at a tick or a switch.
 * Timers fire on the loop's millisecond clock, so a single lateness is exact to about ±1 ms,
 * as with `monitorEventLoopDelay({ resolution: 1 })`.
 */
import { closeSync, openSync, readSync } from "node:fs";

/** What a run's ticks showed. Null figures: the platform has no schedstat (not Linux). */
export interface StallFigures {
  /** The longest own stall (lateness − run-queue wait, at most the thread's CPU time) of one tick, ms. */
  readonly ownStallMaxMs: number | null;
  /** Ticks whose own stall exceeded 2 ms. */
  readonly ownStallsOver2Ms: number | null;
  /** The largest CPU time of the thread between two ticks, ms (an upper bound on its longest turn). */
  readonly busyMaxMs: number | null;
  /** The largest time the thread waited for a CPU between two ticks, ms. */
  readonly runqueueWaitMaxMs: number | null;
  /** Intervals measured. */
  readonly intervals: number;
}

/** One tick: the monotonic clock, and the thread's CPU and run-queue times, all in ns. */
export interface StallReading {
  readonly atNs: number;
  readonly runNs: number;
  readonly waitNs: number;
}

/** Parses schedstat's "run_ns wait_ns slices" line; undefined when it is not one. */
export function parseSchedstat(text: string): { runNs: number; waitNs: number } | undefined {
  const match = /^(\d+) (\d+) \d+/.exec(text);
  return match ? { runNs: Number(match[1]), waitNs: Number(match[2]) } : undefined;
}

/** Folds consecutive readings, taken every `periodNs`, into the figures (exported for its unit test). */
export class StallAccumulator {
  readonly #periodNs: number;
  #last: StallReading | undefined;
  #ownMaxNs = 0;
  #ownOver2 = 0;
  #busyMaxNs = 0;
  #waitMaxNs = 0;
  #intervals = 0;

  constructor(periodNs: number) {
    this.#periodNs = periodNs;
  }

  add(reading: StallReading): void {
    const last = this.#last;
    this.#last = reading;
    if (!last) return;
    const wait = reading.waitNs - last.waitNs;
    const busy = reading.runNs - last.runNs;
    const own = Math.min(reading.atNs - last.atNs - this.#periodNs - wait, busy);
    this.#intervals++;
    if (own > this.#ownMaxNs) this.#ownMaxNs = own;
    if (own > 2e6) this.#ownOver2++;
    if (busy > this.#busyMaxNs) this.#busyMaxNs = busy;
    if (wait > this.#waitMaxNs) this.#waitMaxNs = wait;
  }

  figures(): StallFigures {
    return {
      ownStallMaxMs: this.#ownMaxNs / 1e6,
      ownStallsOver2Ms: this.#ownOver2,
      busyMaxMs: this.#busyMaxNs / 1e6,
      runqueueWaitMaxMs: this.#waitMaxNs / 1e6,
      intervals: this.#intervals,
    };
  }
}

const NO_FIGURES: StallFigures = { ownStallMaxMs: null, ownStallsOver2Ms: null, busyMaxMs: null, runqueueWaitMaxMs: null, intervals: 0 };

/** Samples the main thread's schedstat every `intervalMs` between start() and stop(). */
export class StallMonitor {
  readonly #fd: number | undefined;
  readonly #buffer = Buffer.alloc(128);
  #timer: NodeJS.Timeout | undefined;
  #accumulator = new StallAccumulator(1e6);

  constructor() {
    try {
      // The main thread's id is the process id.
      this.#fd = openSync(`/proc/${process.pid}/task/${process.pid}/schedstat`, "r");
    } catch {
      this.#fd = undefined;
    }
  }

  get available(): boolean {
    return this.#fd !== undefined && this.#read() !== undefined;
  }

  start(intervalMs = 1): void {
    if (this.#fd === undefined) return;
    this.#accumulator = new StallAccumulator(intervalMs * 1e6);
    this.#sample();
    // Unreferenced: a relay under test must still exit when its own work is done.
    this.#timer = setInterval(() => this.#sample(), intervalMs).unref();
  }

  stop(): StallFigures {
    if (this.#fd === undefined) return NO_FIGURES;
    clearInterval(this.#timer);
    this.#sample();
    closeSync(this.#fd);
    return this.#accumulator.figures();
  }

  #sample(): void {
    const reading = this.#read();
    if (reading) this.#accumulator.add(reading);
  }

  #read(): StallReading | undefined {
    const atNs = Number(process.hrtime.bigint());
    process.cpuUsage();
    const length = readSync(this.#fd!, this.#buffer, 0, this.#buffer.length, 0);
    const times = parseSchedstat(this.#buffer.toString("latin1", 0, length));
    return times && { atNs, ...times };
  }
}
