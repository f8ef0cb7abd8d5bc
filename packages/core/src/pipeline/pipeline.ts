import { Subject } from "rxjs";
import { DeliveryQueue } from "../delivery/delivery-queue.js";
import type { DeliveryReport } from "../delivery/delivery-report.js";
import type { EventType } from "../events/event-type.js";
import { awaitSettlements } from "../events/event-outcome.js";
import { loggedEvent, type LogEvent } from "../events/log-event.js";
import type { StandardLoggingPayload } from "../events/standard-logging-payload.js";
import type { CallbackMetrics } from "../metrics/callback-metrics.js";
import { callbackBranch } from "./callback-branch.js";
import type { CallbackOptions } from "./callback-options.js";
import { KeepAlive } from "./keep-alive.js";
import { shareProcessorChains } from "./share-processor-chains.js";
import { emitProcessWarning, undeliveredWarnings } from "./undelivered-warnings.js";

/** Options of {@link createPipeline}. */
export interface PipelineOptions {
  readonly callbacks: readonly CallbackOptions[];
  /**
   * Receives the pipeline's warnings instead of `process.emitWarning`: events dropped or failed
   * (at most one per callback and reason every 10 s, with how many since), payloads that are
   * not objects. Never contains secrets. Pass `() => {}` to silence them (the counters remain).
   * @default process.emitWarning (type `HooklineWarning`, code `HOOKLINE_WARNING`)
   */
  readonly onWarning?: (message: string) => void;
}

/** Result of {@link Pipeline.offer}. */
export type OfferResult =
  | { readonly accepted: true }
  /**
   * A callback with the `block` policy is full, or (`durable` offers) a callback's spool cannot
   * write (`storageError` says why): retry later. Nothing was taken.
   */
  | { readonly accepted: false; readonly callback: string; readonly retryAfterMs: number; readonly storageError?: string };

/** What {@link Pipeline.shutdown} did, per callback. */
export interface ShutdownReport {
  /** True when everything had an outcome before the deadline. */
  readonly drained: boolean;
  readonly callbacks: readonly CallbackMetrics[];
  /**
   * Events not delivered before the deadline, per callback, and where they went: left in the
   * spool for the next start, written to the dead letters, or only counted as failed.
   */
  readonly abandoned: Readonly<Record<string, { readonly count: number; readonly to: "spool" | "dead_letters" | "none" }>>;
  /**
   * Per callback with a spool, events that were to stay in it for the next start (not
   * delivered in time, or failed and not written to the dead letters) but that the spool could
   * not write (disk full): they are lost. Only callbacks with such events are listed.
   */
  readonly unspooled: Readonly<Record<string, number>>;
}

/** A running set of callbacks fed by one bus. */
export interface Pipeline {
  /** Logs a payload; its type comes from `payload.status`. A push: no I/O, no serialization, no promise. */
  log(payload: StandardLoggingPayload): void;
  /** Logs a payload as `llm_api_success`. */
  success(payload: StandardLoggingPayload): void;
  /** Logs a payload as `llm_api_failure`. */
  failure(payload: StandardLoggingPayload): void;
  /** Pushes ready-made events (the HTTP receiver and replay use this). */
  emit(event: LogEvent): void;
  /**
   * Pushes events unless a callback with the `block` policy (with `everyPolicy`, any callback)
   * lacks room for them, in which case nothing is pushed and the caller should retry after
   * `retryAfterMs`. The HTTP receiver uses the first form, replay the second: replay slows down
   * instead of dropping. With `durable`, a callback whose spool is failing to write refuses
   * too, so a body that could not be made durable is not taken (the receiver passes it).
   */
  offer(events: readonly LogEvent[], options?: { readonly everyPolicy?: boolean; readonly durable?: boolean }): OfferResult;
  /**
   * Resolves when every event pushed so far is on disk in the callbacks that have a spool;
   * rejects (`ERR_STORAGE_FAILED`) when a spool could not write them. They are still held in
   * memory and delivered: the failure is about durability, not delivery.
   */
  sync(): Promise<void>;
  /**
   * Resolves when everything logged before the call has been delivered or reported failed.
   * While it is outstanding the process stays alive (retries pending during an outage included).
   */
  flush(): Promise<void>;
  /**
   * Stops taking events, delivers what it can before `deadlineMs` (default: no deadline) and
   * fails the rest (to the dead letters or spool when configured). Idempotent. While it is
   * outstanding the process stays alive.
   */
  shutdown(options?: { readonly deadlineMs?: number }): Promise<ShutdownReport>;
  /** Counters per callback. */
  metrics(): CallbackMetrics[];
  /** The smallest `maxQueueEvents` of the callbacks (Infinity without callbacks). */
  readonly capacity: number;
  /** Names of the callbacks. */
  readonly callbackNames: readonly string[];
}

interface Branch {
  readonly callback: CallbackOptions;
  readonly queue: DeliveryQueue;
  readonly done: Promise<void>;
}

/**
 * Builds a pipeline: one bus (an rxjs `Subject`), and one branch per callback subscribed to it,
 * each a `pipe()` of the public operators (see {@link callbackBranch}). A slow or dead endpoint
 * only fills its own branch's queue.
 *
 * @example
 * ```ts
 * const pipeline = createPipeline({ callbacks: [{ name: "api", formatter: ndjson(), exporter: httpExporter({ url }) }] });
 * pipeline.log(payload);
 * await pipeline.shutdown({ deadlineMs: 10_000 });
 * ```
 */
export function createPipeline(options: PipelineOptions): Pipeline {
  const bus = new Subject<LogEvent>();
  const warn = options.onWarning ?? emitProcessWarning;
  // Drops and failures are counted; without a warning a library user would not know they happen.
  const warnUndelivered = undeliveredWarnings(warn);
  const callbacks = shareProcessorChains(options.callbacks);
  const branches: Branch[] = callbacks.map((callback) => {
    const queue = new DeliveryQueue({
      name: callback.name,
      ...(callback.maxQueueEvents !== undefined ? { maxQueueEvents: callback.maxQueueEvents } : {}),
      ...(callback.maxQueueBytes !== undefined ? { maxQueueBytes: callback.maxQueueBytes } : {}),
      ...(callback.queueFullPolicy !== undefined ? { queueFullPolicy: callback.queueFullPolicy } : {}),
      ...(callback.spool ? { spool: callback.spool } : {}),
      ...(callback.deadLetters ? { deadLetters: callback.deadLetters } : {}),
      ...(callback.scrub ? { scrub: callback.scrub } : {}),
      onUndelivered: (report, name) => {
        callback.onUndelivered?.(report, name);
        warnUndelivered(report, name);
      },
    });
    const done = new Promise<void>((resolve) => {
      bus.pipe(callbackBranch(callback, queue)).subscribe({
        error(err: unknown) {
          warn(`callback ${callback.name} stopped: ${err instanceof Error ? err.message : String(err)}`);
          resolve();
        },
        complete: () => resolve(),
      });
    });
    return { callback, queue, done };
  });

  let closed = false;
  let invalid = 0;
  const names = branches.map((branch) => branch.queue.name);
  /** Puts an event on the bus; one its source settles fires once, after every callback that takes it. */
  const publish = (event: LogEvent): void => {
    if (event.settle !== undefined) awaitSettlements(event, event.callback === undefined ? names.length : names.filter((name) => name === event.callback).length);
    bus.next(event);
  };
  // With one callback that reads the JSON only to encode it, keeping it on the event would make
  // every serialized payload outlive its request; spool, dead letters and byte limits read it again.
  const shareJson =
    branches.length !== 1 ||
    options.callbacks.some((c) => c.spool !== undefined || c.deadLetters !== undefined || c.maxBatchBytes !== undefined || c.maxQueueBytes !== undefined);
  let shutdownPromise: Promise<ShutdownReport> | undefined;
  // Idle timers are unref'd; while a flush or shutdown is awaited, a pending retry must not let
  // the process exit under the caller (see KeepAlive).
  const keepAlive = new KeepAlive();

  const push = (payload: StandardLoggingPayload, type?: EventType): void => {
    if (closed) return;
    if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
      invalid += 1;
      if (invalid === 1 || invalid % 1000 === 0) warn(`ignored ${invalid} log() call(s) whose payload is not an object`);
      return;
    }
    bus.next(loggedEvent(payload, type, shareJson));
  };

  const shutdown = async (deadlineMs?: number): Promise<ShutdownReport> => {
    closed = true;
    bus.complete();
    const completion = Promise.all(branches.map((branch) => branch.done));
    const abandoned: Record<string, { count: number; to: "spool" | "dead_letters" | "none" }> = {};
    let drained = true;
    if (deadlineMs !== undefined) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const deadline = new Promise<"deadline">((resolve) => (timer = setTimeout(() => resolve("deadline"), deadlineMs)));
      if ((await Promise.race([completion, deadline])) === "deadline") {
        drained = false;
        for (const { queue } of branches) {
          abandoned[queue.name] = { count: queue.abort(`shutdown deadline of ${deadlineMs} ms passed`), to: queue.abandonTarget };
        }
        await completion;
      }
      clearTimeout(timer);
    } else {
      await completion;
    }
    await Promise.all(branches.map((branch) => branch.queue.close()));
    await Promise.all(branches.map((branch) => branch.callback.exporter.close?.()));
    const unspooled: Record<string, number> = {};
    for (const { queue } of branches) if (queue.unspooled > 0) unspooled[queue.name] = queue.unspooled;
    return { drained, abandoned, unspooled, callbacks: branches.map((branch) => branch.queue.snapshot()) };
  };

  return {
    callbackNames: branches.map((branch) => branch.queue.name),
    log: (payload) => push(payload),
    success: (payload) => push(payload, "llm_api_success"),
    failure: (payload) => push(payload, "llm_api_failure"),
    emit(event) {
      if (!closed) publish(event);
      else event.settle?.("dropped");
    },
    offer(events, offerOptions = {}) {
      if (closed) return { accepted: false, callback: "*", retryAfterMs: 1000 };
      if (offerOptions.durable) {
        for (const { queue } of branches) {
          const storageError = queue.storageFailure;
          if (storageError !== undefined) return { accepted: false, callback: queue.name, retryAfterMs: 1000, storageError };
        }
      }
      const checked = branches.map((branch) => branch.queue).filter((queue) => offerOptions.everyPolicy || queue.queueFullPolicy === "block");
      for (const queue of checked) {
        const bytes = queue.measuresBytes ? events.reduce((n, event) => n + queue.bytesOf(event), 0) : 0;
        if (!queue.hasRoom(events.length, bytes)) return { accepted: false, callback: queue.name, retryAfterMs: 1000 };
      }
      // The group was found to fit: admission must not drop any of it.
      for (const queue of checked) queue.reserve(events.length);
      try {
        for (const event of events) publish(event);
      } finally {
        for (const queue of checked) queue.release();
      }
      return { accepted: true };
    },
    get capacity() {
      return Math.min(...branches.map((branch) => branch.queue.maxQueueEvents));
    },
    async sync() {
      await Promise.all(branches.map((branch) => branch.queue.sync()));
    },
    async flush() {
      await keepAlive.hold(Promise.all(branches.map((branch) => branch.queue.flush())));
    },
    shutdown(shutdownOptions = {}) {
      shutdownPromise ??= keepAlive.hold(shutdown(shutdownOptions.deadlineMs));
      return shutdownPromise;
    },
    metrics: () => branches.map((branch) => branch.queue.snapshot()),
  };
}

/** Re-exported for users that compose reports themselves. */
export type { DeliveryReport };
