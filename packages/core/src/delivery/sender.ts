// node:timers' own setImmediate, not the global: fake timers in an application's tests replace
// the global, and a batch being serialized must go on whether or not such a test advances them.
import { setImmediate } from "node:timers";
import type { Exporter } from "../contracts/exporter.js";
import type { ExportResult } from "../contracts/export-result.js";
import { encodeBatch, type FormattedBatch } from "../operators/format.js";
import { viaOf } from "../events/via-of.js";
import { backoffDelay } from "./backoff.js";
import { Deque } from "./deque.js";
import type { AttemptInfo, DeliveryReport } from "./delivery-report.js";
import { resolveDeliveryOptions, type ResolvedDeliveryOptions } from "./resolve-delivery-options.js";
import type { DeliveryOptions } from "./delivery-options.js";

/**
 * Longest a sender serializes payloads in one iteration of the event loop, in ms. Serializing is
 * the costly part of sending (about 10 µs per 2 KB payload); a batch that takes longer goes on
 * in the next iteration, so other work in the process waits at most about this long for it.
 */
export const SERIALIZE_SLICE_MS = 0.5;

/** When this event-loop iteration's serialization budget ends (performance.now()); open while budgetOpen. */
let budgetEnd = 0;
let budgetOpen = false;

/**
 * The end of this event-loop iteration's serialization budget, opening one if needed. Shared by
 * every sender in the process, so several callbacks together still serialize at most
 * {@link SERIALIZE_SLICE_MS} per iteration.
 */
function serializationDeadline(): number {
  if (!budgetOpen) {
    budgetOpen = true;
    budgetEnd = performance.now() + SERIALIZE_SLICE_MS;
    // Closed in the next check phase, before any step queued after this call.
    setImmediate(closeBudget);
  }
  return budgetEnd;
}

function closeBudget(): void {
  budgetOpen = false;
}

/** Callbacks a {@link Sender} reports through. */
export interface SenderHooks {
  onReport(report: DeliveryReport): void;
  onAttempt?(attempt: AttemptInfo): void;
}

interface QueuedBatch {
  readonly batch: FormattedBatch;
  readonly enqueuedAt: number;
  attempts: number;
  firstAttemptAt: number | undefined;
  lastStatus: number | undefined;
  /** An attempt ended by a timeout or an abort: its exporter may still be reading the body. */
  abandonedAttempt?: boolean;
}

/**
 * Sends formatted batches through one exporter: a FIFO queue, at most `maxConcurrency`
 * requests in flight, retries with backoff shared by the whole callback, 413 splitting and 400
 * bisection.
 *
 * Backoff is per callback, not per batch: while the endpoint fails, every batch waits behind the
 * same gate and only one request (a probe) is in flight, so an outage never becomes a retry storm.
 * The first success reopens full concurrency.
 */
export class Sender {
  readonly #exporter: Exporter;
  readonly #options: ResolvedDeliveryOptions;
  readonly #hooks: SenderHooks;
  readonly #queue = new Deque<QueuedBatch>();
  readonly #inFlight = new Map<AbortController, (result: ExportResult) => void>();
  /** The batch at the head of the queue whose payloads are being serialized, a slice per iteration. */
  #preparing: QueuedBatch | undefined;
  #queuedEvents = 0;
  #inFlightEvents = 0;
  #failures = 0;
  #blockedUntil = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed: string | undefined;
  #pumpScheduled = false;
  #idleWaiters: (() => void)[] = [];

  constructor(exporter: Exporter, options: DeliveryOptions, hooks: SenderHooks) {
    this.#exporter = exporter;
    this.#options = resolveDeliveryOptions(options);
    this.#hooks = hooks;
  }

  /** Events waiting to be sent (not in flight). */
  get queuedEvents(): number {
    return this.#queuedEvents;
  }

  /** Events in requests in flight. */
  get inFlightEvents(): number {
    return this.#inFlightEvents;
  }

  /** True while the endpoint is failing and the callback is backing off. */
  get degraded(): boolean {
    return this.#failures > 0;
  }

  /** Queues a batch for delivery. */
  enqueue(batch: FormattedBatch): void {
    if (this.#closed !== undefined) {
      this.#report(batch, "dropped", { reason: this.#closed, dropReason: "shutdown", attempts: 0, enqueuedAt: Date.now() });
      return;
    }
    this.#queue.push({ batch, enqueuedAt: Date.now(), attempts: 0, firstAttemptAt: undefined, lastStatus: undefined });
    this.#queuedEvents += batch.events.length;
    this.#schedulePump();
  }

  /** Drops the oldest batch that is waiting (not in flight); returns how many events it held. */
  dropOldest(): number {
    const item = this.#queue.shift();
    if (!item) return 0;
    this.#queuedEvents -= item.batch.events.length;
    this.#report(item.batch, "dropped", { reason: "queue full", dropReason: "queue_full", attempts: item.attempts, enqueuedAt: item.enqueuedAt, status: item.lastStatus });
    this.#settleIdle();
    return item.batch.events.length;
  }

  /** Resolves when nothing is queued or in flight. */
  whenIdle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /**
   * Stops: fails everything still queued with `reason`, aborts requests in flight (their events
   * are failed too), and refuses new batches. Returns the number of events failed here.
   */
  abort(reason: string): number {
    this.#closed = reason;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    let failed = 0;
    for (const item of this.#queue.drain()) {
      failed += item.batch.events.length;
      this.#report(item.batch, "failed", { reason, attempts: item.attempts, enqueuedAt: item.enqueuedAt, status: item.lastStatus, aborted: true });
    }
    this.#queuedEvents = 0;
    failed += this.#inFlightEvents;
    this.#preparing = undefined;
    // Settle in-flight attempts now: an exporter that ignores its signal must not hold shutdown.
    for (const [controller, finish] of [...this.#inFlight]) {
      controller.abort(new Error(reason));
      finish({ kind: "retryable", reason: "aborted" });
    }
    this.#settleIdle();
    return failed;
  }

  #isIdle(): boolean {
    return this.#queue.length === 0 && this.#inFlight.size === 0;
  }

  #settleIdle(): void {
    if (!this.#isIdle()) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  #pump(): void {
    if (this.#closed !== undefined) return;
    const limit = this.#failures > 0 ? 1 : this.#options.maxConcurrency;
    const now = Date.now();
    if (now < this.#blockedUntil) {
      this.#armTimer(this.#blockedUntil - now);
      return;
    }
    for (let item = this.#queue.peek(); item !== undefined && this.#inFlight.size < limit; item = this.#queue.peek()) {
      if (!this.#prepared(item)) return;
      this.#queue.shift();
      this.#queuedEvents -= item.batch.events.length;
      this.#start(item);
    }
    // Every slot is taken: serialize the next batch meanwhile, so its body is ready when one frees.
    const next = this.#queue.peek();
    if (next !== undefined) this.#prepared(next);
  }

  /**
   * True when the batch's body can be made without a long stall: its payloads are serialized
   * (formatters that `readsEventJson`) or need not be. Otherwise serializes them within this
   * iteration's budget of {@link SERIALIZE_SLICE_MS} and goes on in later iterations
   * (setImmediate), pumping again once done. One batch at a time, the one at the head of the
   * queue, even while every request slot is taken: serializing overlaps with sending.
   */
  #prepared(item: QueuedBatch): boolean {
    const { batch } = item;
    if (batch.prepare === undefined) return true;
    if (this.#preparing === item) return false;
    if (batch.prepare(serializationDeadline())) return true;
    this.#preparing = item;
    const step = (): void => {
      // Dropped, or failed by abort(), meanwhile: nothing left to do for it.
      if (this.#preparing !== item || this.#queue.peek() !== item) {
        if (this.#preparing === item) this.#preparing = undefined;
        return;
      }
      if (!batch.prepare!(serializationDeadline())) {
        setImmediate(step);
        return;
      }
      this.#preparing = undefined;
      this.#pump();
    };
    setImmediate(step);
    return false;
  }

  /**
   * Runs the pump after the current synchronous code: `enqueue` may be called from inside a
   * caller's `log()`, and encoding a body there would make the caller pay for it.
   */
  #schedulePump(): void {
    if (this.#pumpScheduled) return;
    this.#pumpScheduled = true;
    queueMicrotask(() => {
      this.#pumpScheduled = false;
      this.#pump();
    });
  }

  #armTimer(delayMs: number): void {
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#pump();
    }, delayMs);
    this.#timer.unref?.();
  }

  #start(item: QueuedBatch): void {
    const { batch } = item;
    let body: string | Uint8Array;
    try {
      body = batch.body;
    } catch (err) {
      // One event the formatter cannot encode must not cost the others: bisect like a 400, and
      // fail (dead-letter) only the event that still throws on its own.
      if (batch.events.length > 1) {
        this.#split(item);
        this.#schedulePump();
        return;
      }
      this.#report(batch, "failed", {
        reason: `formatter ${batch.formatter.type} failed: ${err instanceof Error ? err.message : String(err)}`,
        attempts: item.attempts,
        enqueuedAt: item.enqueuedAt,
        status: item.lastStatus,
      });
      this.#settleIdle();
      return;
    }
    if (batch.events.length > 1 && this.#options.maxBatchBytes < Number.POSITIVE_INFINITY && batch.bytes > this.#options.maxBatchBytes) {
      // The batcher cuts by the events' sizes; the formatter's framing can still push a body over.
      this.#split(item);
      batch.release?.();
      this.#schedulePump();
      return;
    }
    const controller = new AbortController();
    this.#inFlightEvents += batch.events.length;
    item.attempts += 1;
    item.firstAttemptAt ??= Date.now();

    let settled = false;
    const timeoutMs = this.#options.timeoutMs;
    const timeout = setTimeout(() => {
      controller.abort(new Error(`timed out after ${timeoutMs} ms`));
      finish({ kind: "retryable", reason: `timed out after ${timeoutMs} ms` });
    }, timeoutMs);
    timeout.unref?.();

    const finish = (result: ExportResult, exporterSettled = false): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timeout);
      this.#inFlight.delete(controller);
      this.#inFlightEvents -= batch.events.length;
      if (!exporterSettled) item.abandonedAttempt = true;
      const over = this.#handle(item, result);
      // The body's memory is reused only when no exporter call can still read it: never after
      // an attempt ended by a timeout or an abort, which may still be sending it.
      if (over && !item.abandonedAttempt) batch.release?.();
      this.#pump();
      this.#settleIdle();
    };

    this.#inFlight.set(controller, finish);
    let attempt: Promise<ExportResult>;
    try {
      const via = viaOf(batch.events);
      attempt = this.#exporter.export(
        via === undefined ? { body, contentType: batch.contentType, eventCount: batch.events.length } : { body, contentType: batch.contentType, eventCount: batch.events.length, via },
        { signal: controller.signal },
      );
    } catch (err) {
      attempt = Promise.reject(err);
    }
    attempt.then(
      (result) => finish(result, true),
      (err: unknown) =>
        finish({ kind: "retryable", reason: `exporter ${this.#exporter.type} threw: ${err instanceof Error ? err.message : String(err)}` }, true),
    );
  }

  /** Acts on an attempt's result; true when this batch's body will not be sent again. */
  #handle(item: QueuedBatch, result: ExportResult): boolean {
    const { batch } = item;
    item.lastStatus = result.status ?? item.lastStatus;
    if (result.kind === "success") {
      this.#failures = 0;
      this.#hooks.onAttempt?.({ kind: "success", status: result.status, events: batch.events.length, willRetry: false });
      this.#report(batch, "delivered", { attempts: item.attempts, enqueuedAt: item.enqueuedAt, status: result.status });
      return true;
    }
    if (this.#closed !== undefined) {
      this.#hooks.onAttempt?.({ kind: result.kind, status: result.status, events: batch.events.length, willRetry: false });
      this.#report(batch, "failed", { reason: `${this.#closed} (last attempt: ${result.reason})`, attempts: item.attempts, enqueuedAt: item.enqueuedAt, status: item.lastStatus, aborted: true });
      return true;
    }
    if (result.kind === "retryable") return !this.#retryOrFail(item, result.reason, result.retryAfterMs);
    const splittable = (result.status === 413 || result.status === 400) && batch.events.length > 1;
    this.#hooks.onAttempt?.({ kind: "failure", status: result.status, events: batch.events.length, willRetry: splittable });
    if (splittable) {
      this.#split(item);
      return true;
    }
    const reason = result.status === 413 ? `payload too large: ${result.reason}` : result.reason;
    this.#report(batch, "failed", { reason, attempts: item.attempts, enqueuedAt: item.enqueuedAt, status: result.status });
    return true;
  }

  /** Queues the batch again after a backoff, or reports it failed; true when it will be retried. */
  #retryOrFail(item: QueuedBatch, reason: string, retryAfterMs: number | undefined): boolean {
    const { retry } = this.#options;
    this.#failures += 1;
    let delay = backoffDelay(this.#failures, retry);
    const elapsed = Date.now() - (item.firstAttemptAt ?? Date.now());
    // The last backoff is shortened to land on the time limit: giving up a delay early would
    // lose a batch to an outage shorter than maxElapsedMs. Retry-After is the endpoint's word,
    // and is not shortened.
    if (retry.maxElapsedMs > 0) delay = Math.min(delay, Math.max(0, retry.maxElapsedMs - elapsed));
    if (retryAfterMs !== undefined) delay = Math.max(delay, Math.min(retryAfterMs, retry.maxRetryAfterMs));
    const outOfTime = retry.maxElapsedMs > 0 && (elapsed >= retry.maxElapsedMs || elapsed + delay > retry.maxElapsedMs);
    const willRetry = item.attempts <= retry.maxRetries && !outOfTime;
    this.#hooks.onAttempt?.({ kind: "retryable", status: item.lastStatus, events: item.batch.events.length, willRetry });
    if (!willRetry) {
      const why = outOfTime ? `gave up after ${elapsed} ms` : `gave up after ${item.attempts} attempts`;
      this.#report(item.batch, "failed", { reason: `${why}: ${reason}`, attempts: item.attempts, enqueuedAt: item.enqueuedAt, status: item.lastStatus });
      return false;
    }
    this.#queue.unshift(item);
    this.#queuedEvents += item.batch.events.length;
    this.#blockedUntil = Math.max(this.#blockedUntil, Date.now() + delay);
    return true;
  }

  /** Splits a batch in halves (encoded when sent) at the front of the queue. */
  #split(item: QueuedBatch): void {
    const { batch } = item;
    const middle = Math.ceil(batch.events.length / 2);
    const halves = [
      ...encodeBatch(batch.formatter, batch.events.slice(0, middle), batch.source),
      ...encodeBatch(batch.formatter, batch.events.slice(middle), batch.source),
    ];
    const items = halves.map((half) => ({ batch: half, enqueuedAt: item.enqueuedAt, attempts: 0, firstAttemptAt: item.firstAttemptAt, lastStatus: item.lastStatus }));
    for (let i = items.length - 1; i >= 0; i--) this.#queue.unshift(items[i]!);
    this.#queuedEvents += batch.events.length;
  }

  #report(
    batch: FormattedBatch,
    outcome: DeliveryReport["outcome"],
    details: { reason?: string; dropReason?: DeliveryReport["dropReason"]; attempts: number; enqueuedAt: number; status?: number | undefined; aborted?: boolean },
  ): void {
    this.#hooks.onReport({
      outcome,
      events: batch.events,
      source: batch.source,
      attempts: details.attempts,
      latencyMs: Date.now() - details.enqueuedAt,
      ...(details.status !== undefined ? { status: details.status } : {}),
      ...(details.reason !== undefined ? { reason: details.reason } : {}),
      ...(details.dropReason !== undefined ? { dropReason: details.dropReason } : {}),
      ...(details.aborted ? { aborted: true } : {}),
    });
  }
}
