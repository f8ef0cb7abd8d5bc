/** Shapes shared by the suite, the receiver and the drivers (they talk JSON over stdout and HTTP). */
import type { StallFigures } from "./stall-monitor.js";

export const SCENARIOS = ["steady", "slow", "outage"] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** Receiver behaviour: 200 at once, every answer delayed, or 503 for a window then 200. */
export type ReceiverMode = "steady" | "slow" | "outage";

export interface ReceiverControl {
  readonly mode?: ReceiverMode;
  /** slow: delay of every answer, ms. */
  readonly delayMs?: number;
  /** outage: length of the 503 window, ms, counted from the first data request after this call. */
  readonly outageMs?: number;
  /** Clears every counter (default true). */
  readonly reset?: boolean;
}

export interface PathStats {
  requests: number;
  okRequests: number;
  rejectedRequests: number;
  /** Request body bytes as received (before any Content-Encoding is undone). */
  bytes: number;
  /** Records in accepted (200) bodies. */
  records: number;
  /** Distinct event ids in accepted bodies. */
  distinct: number;
  /** Accepted records whose id had been accepted before. */
  duplicates: number;
  missingIds: number;
  parseErrors: number;
  lastParseError?: string;
  /** Epoch ms (fractional) of the first / last request and of the last new distinct id. */
  firstAt: number;
  lastAt: number;
  lastNewAt: number;
}

export interface ReceiverStats {
  readonly mode: ReceiverMode;
  readonly delayMs: number;
  readonly outageMs: number;
  readonly outageStartedAt: number | null;
  readonly now: number;
  readonly pid: number;
  readonly cpuUserUs: number;
  readonly cpuSystemUs: number;
  /** The receiver's own CPU time since the last reset (drivers reset after their warm-up). */
  readonly cpuSinceResetUs: number;
  readonly rssBytes: number;
  readonly paths: Record<string, PathStats>;
}

export const DRIVERS = [
  "idle",
  "limit-preserialized",
  "limit-serialize",
  "hookline-ndjson",
  "hookline-json_array",
  "hookline-single",
  "limit-relay",
  "hookline-relay",
  "otel",
  "winston",
  "pino",
  ...[
    "hookline-relay-aa",
    "hookline-relay-js",
    "hookline-relay-parse",
    "hookline-relay-request",
    "hookline-relay-nopool",
    "hookline-ndjson-redact",
    "hookline-ndjson-mask",
    "processor-relay-plain",
    "processor-relay-redact",
    "processor-relay-mask",
  ] as const,
] as const;
export type DriverName = (typeof DRIVERS)[number];

/**
 * Variants, each measured against its base in the same run (their own table). They run only when
 * named in BENCH_DRIVERS. The relay ones are `hookline run` with one mechanism switched off by
 * an environment variable (see {@link RELAY_VARIANT_ENV}); `-aa` is the base again, the noise.
 * The processor ones add a processor to the plain branch: in process (`hookline-ndjson-*`) and in
 * a relay (`processor-relay-*`: the CLI's receiver and a pipeline built in code, since a config
 * does not name processors yet; `-plain` has none and is measured against `hookline-relay`).
 */
export const VARIANT_BASE: Partial<Record<DriverName, DriverName>> = {
  "hookline-relay-aa": "hookline-relay",
  "hookline-relay-js": "hookline-relay",
  "hookline-relay-parse": "hookline-relay",
  "hookline-relay-request": "hookline-relay",
  "hookline-relay-nopool": "hookline-relay",
  "hookline-ndjson-redact": "hookline-ndjson",
  "hookline-ndjson-mask": "hookline-ndjson",
  "processor-relay-plain": "hookline-relay",
  "processor-relay-redact": "processor-relay-plain",
  "processor-relay-mask": "processor-relay-plain",
};

/** The environment each relay variant runs `hookline run` with. */
export const RELAY_VARIANT_ENV: Partial<Record<DriverName, Readonly<Record<string, string>>>> = {
  "hookline-relay-aa": {},
  "hookline-relay-js": { HOOKLINE_SCANNER: "js" },
  "hookline-relay-parse": { HOOKLINE_SCANNER: "parse" },
  "hookline-relay-request": { HOOKLINE_HTTP_SEND: "request" },
  "hookline-relay-nopool": { HOOKLINE_BODY_POOL: "off" },
};

/** The drivers that run when BENCH_DRIVERS is not set: all but the variants. */
export const DEFAULT_DRIVERS: readonly DriverName[] = DRIVERS.filter((driver) => VARIANT_BASE[driver] === undefined);

/**
 * Drivers run in the paced phase only. `idle` paces the same events and logs them nowhere: its
 * event-loop delay is the machine's own, the floor every other driver's stalls are read against.
 */
export const PACED_ONLY: readonly DriverName[] = ["idle"];

/** What a driver process is asked to do (passed as one JSON argument). */
export interface DriverSpec {
  readonly driver: DriverName;
  /** `full`: as fast as the caller can; `paced`: a fixed rate, with event-loop delay recorded; `memory`: hookline bounded-queue check. */
  readonly phase: "full" | "paced" | "memory";
  readonly scenario: Scenario | "memory";
  readonly receiverUrl: string;
  /** Unique per driver run; part of every receiver path the driver uses. */
  readonly runId: string;
  readonly events: number;
  readonly seed: number;
  /** Events logged between two yields to the event loop in the full phase. */
  readonly chunk: number;
  readonly pacedRate: number;
  readonly pacedSeconds: number;
  /** No-flush libraries (winston, pino-http-send): done after this long without a request. */
  readonly quietMs: number;
  /** Hard cap on one driver run. */
  readonly timeoutMs: number;
  readonly batchSize: number;
  readonly concurrency: number;
  readonly repoRoot: string;
  readonly memory?: { readonly maxQueueEvents: number };
  /** Events logged through a throw-away instance before measuring (JIT warm-up), to a separate path, in steady mode. */
  readonly warmup: number;
  /** Receiver behaviour for the measured part; the driver applies it (with a reset) after its warm-up. */
  readonly control: ReceiverControl;
  /** When set, a CPU profile of the measured work is written there (.cpuprofile). */
  readonly profileDir?: string;
}

/** One driver run's figures, printed by the driver as `BENCH_RESULT <json>`. */
export interface DriverResult {
  readonly driver: DriverName;
  readonly phase: DriverSpec["phase"];
  readonly scenario: DriverSpec["scenario"];
  readonly runId: string;
  readonly events: number;
  /** Receiver paths and how many distinct ids each should get. */
  readonly paths: readonly string[];
  readonly expectedPerPath: number;
  /** Sum over calls of the time inside the synchronous log()/emit(), ns per event; null when not applicable. */
  readonly callerNsPerEvent: number | null;
  /** Median over chunks of (chunk time / chunk size), ns: less sensitive to one GC pause. */
  readonly callerNsMedianChunk: number | null;
  readonly elapsedMs: number;
  /** Events confirmed at every path divided by elapsed seconds. */
  readonly eventsPerSecond: number;
  readonly delivered: number;
  readonly lost: number;
  readonly duplicated: number;
  /** Total bytes the receiver got for this run (all paths). */
  readonly bytes: number;
  readonly requests: number;
  readonly rejectedRequests: number;
  readonly parseErrors: number;
  /** CPU time (user + system) of the process doing the logging work, µs. */
  readonly cpuUs: number;
  readonly cpuUsPerEvent: number;
  readonly peakRssBytes: number;
  /** RSS after setup and pre-generation (after a GC), before the first call. */
  readonly baselineRssBytes: number;
  /** paced phase: monitorEventLoopDelay over the run, ms. */
  readonly loopDelayMaxMs: number | null;
  readonly loopDelayP99Ms: number | null;
  /** paced phase: the loop thread's own longest busy stretch and run-queue waits (stall-monitor.ts); null elsewhere or off Linux. */
  readonly stalls: StallFigures | null;
  readonly completedBy: "flush" | "receiver" | "quiet" | "timeout" | "exit";
  readonly notes: readonly string[];
  readonly extra: Record<string, unknown>;
}

export const RESULT_PREFIX = "BENCH_RESULT ";
