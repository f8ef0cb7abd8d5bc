import { Subject, type Observable } from "rxjs";
import { HooklineError } from "../errors/hookline-error.js";
import type { EventOutcome } from "../events/event-outcome.js";
import { eventByteLength, isLoggedEvent, type LogEvent } from "../events/log-event.js";
import { CallbackMetricsRecorder, type CallbackMetrics } from "../metrics/callback-metrics.js";
import type { DeadLetterSink } from "./dead-letter-file.js";
import type { DeliveryReport } from "./delivery-report.js";
import type { QueueFullPolicy } from "./delivery-options.js";
import { DELIVERY_DEFAULTS } from "./resolve-delivery-options.js";
import type { Sender } from "./sender.js";
import type { Spool } from "./spool.js";

/** Options of {@link DeliveryQueue}. */
export interface DeliveryQueueOptions {
  /** The callback's name, in metrics, reports and dead letters. */
  readonly name: string;
  /**
   * Most events held (buffered, queued or in flight) before `queueFullPolicy` applies.
   * @default 50000
   */
  readonly maxQueueEvents?: number;
  /**
   * Most bytes of events' JSON held before `queueFullPolicy` applies. Under the default, an
   * event counts when its JSON is at hand without serializing (it arrived as JSON: the HTTP
   * receiver, replay, the spool); events `log()` makes of payload objects count only when this
   * is set explicitly, which serializes each payload in `log()` to measure it.
   * @default 134217728 (128 MiB)
   */
  readonly maxQueueBytes?: number;
  /**
   * What to do with a new event when the queue is full: drop the oldest queued batch, drop the
   * new event, or (`block`) refuse offers so a sender retries later.
   * @default "drop_oldest"
   */
  readonly queueFullPolicy?: QueueFullPolicy;
  /** On-disk spool (see `Spool.open`); `recovered` are the events a previous run left, sent first. */
  readonly spool?: { readonly spool: Spool; readonly recovered: readonly LogEvent[] };
  /** Where failed events are written. */
  readonly deadLetters?: DeadLetterSink;
  /** Receives every failed or dropped group of events. */
  readonly onUndelivered?: (report: DeliveryReport, callbackName: string) => void;
  /**
   * Masks secrets in a report's `reason` before it is counted (`lastError`), reported or
   * dead-lettered: endpoints quote credentials back in their error bodies.
   */
  readonly scrub?: (text: string) => string;
}

/**
 * One callback's bounded queue and ledger, shared by its `admit` and `deliver` operators: every
 * admitted event is held from admission until its outcome, whether it is buffered by `batch`,
 * queued by the sender or in flight, so the bounds cover all of it. Failed events go to the dead
 * letters, and a spooled event leaves the spool only once it has an outcome.
 *
 * Flushing uses epochs: a `flush()` closes the current epoch and resolves when no event of a
 * closed epoch is still held. Events admitted during the flush belong to the next epoch, so
 * they are neither lost nor waited for.
 */
export class DeliveryQueue {
  readonly name: string;
  readonly metrics: CallbackMetricsRecorder;
  readonly maxQueueEvents: number;
  readonly maxQueueBytes: number;
  readonly queueFullPolicy: QueueFullPolicy;
  /** True when the queue counts bytes (it has a byte bound). */
  readonly measuresBytes: boolean;
  /** Measure `log()`'s events too (serializing them in `log()`): only when a byte bound is set explicitly. */
  readonly #measureLogged: boolean;
  readonly #options: DeliveryQueueOptions;
  readonly #flushRequests = new Subject<void>();
  readonly #batchEpoch = new WeakMap<readonly LogEvent[], number>();
  readonly #batchSeq = new WeakMap<readonly LogEvent[], number>();
  readonly #pendingByEpoch = new Map<number, number>();
  readonly #writes = new Set<Promise<unknown>>();
  #batchedSeq = 0;
  #epoch = 0;
  #epochPending = 0;
  #held = 0;
  #heldBytes = 0;
  #reserved = 0;
  #sender: Sender | undefined;
  #flushWaiters: { epoch: number; resolve: () => void }[] = [];
  #syncTimer: ReturnType<typeof setInterval> | undefined;

  constructor(options: DeliveryQueueOptions) {
    this.name = options.name;
    this.#options = options;
    this.metrics = new CallbackMetricsRecorder(options.name);
    this.maxQueueEvents = Math.max(1, options.maxQueueEvents ?? DELIVERY_DEFAULTS.maxQueueEvents);
    this.maxQueueBytes = options.maxQueueBytes ?? DELIVERY_DEFAULTS.maxQueueBytes;
    this.queueFullPolicy = options.queueFullPolicy ?? DELIVERY_DEFAULTS.queueFullPolicy;
    this.measuresBytes = Number.isFinite(this.maxQueueBytes);
    this.#measureLogged = options.maxQueueBytes !== undefined;
    const spool = options.spool?.spool;
    if (spool) {
      this.#batchedSeq = spool.nextSeq - (options.spool?.recovered.length ?? 0);
      // Group commit for in-process log(): the receiver syncs before it answers instead.
      this.#syncTimer = setInterval(() => {
        // A failed write is counted and reported by the spool, and tried again on a later tick.
        if (spool.needsSync) this.#track(spool.sync().catch(() => {}));
      }, 100);
      this.#syncTimer.unref?.();
    }
  }

  /** Emits whenever `flush()` wants what `batch` buffers: pass it as `batch({ flush })`. */
  get flushRequests(): Observable<void> {
    return this.#flushRequests;
  }

  /** Events a previous run left in the spool: `admit` emits them first, without admission. */
  get recovered(): readonly LogEvent[] {
    return this.#options.spool?.recovered ?? [];
  }

  /** Events held: buffered, queued or in flight. */
  get held(): number {
    return this.#held;
  }

  /** Bytes held, as the byte bound counts them. */
  get heldBytes(): number {
    return this.#heldBytes;
  }

  /**
   * The bytes the byte bound counts for `event`, the same at admission and at settlement. An
   * event that carries its JSON (receiver, replay, spool) counts its size, known for free. An
   * event `log()` made of a payload object counts 0 under the default bound: measuring it means
   * serializing it in `log()`, a hundred times what `log()` costs otherwise.
   */
  bytesOf(event: LogEvent): number {
    if (!this.measuresBytes || (!this.#measureLogged && isLoggedEvent(event))) return 0;
    return eventByteLength(event);
  }

  /** The spool's error code (`ENOSPC`) while its writes are failing. */
  get storageFailure(): string | undefined {
    return this.#options.spool?.spool.failure;
  }

  /** Where events go that cannot be delivered in time at shutdown. */
  get abandonTarget(): "spool" | "dead_letters" | "none" {
    return this.#options.spool ? "spool" : this.#options.deadLetters ? "dead_letters" : "none";
  }

  /**
   * True when the queue can take `count` more events (`bytes` in all) without its full policy.
   * An empty queue takes any group, even one larger than the bound: otherwise a request bigger
   * than the queue could never be accepted, only refused again and again.
   */
  hasRoom(count = 1, bytes = 0): boolean {
    if (this.#held === 0) return true;
    return this.#held + count <= this.maxQueueEvents && this.#heldBytes + bytes <= this.maxQueueBytes;
  }

  /**
   * Promises admission to the next `count` events (a group an offer checked room for), so a
   * group answered "accepted" is never partly dropped; {@link release} ends the promise.
   */
  reserve(count: number): void {
    this.#reserved = count;
  }

  /** Ends a {@link reserve}. */
  release(): void {
    this.#reserved = 0;
  }

  /**
   * Admits one event: holds it (and spools it) when there is room, or makes room under
   * `drop_oldest`; otherwise drops it, counted and reported. Returns whether it was admitted.
   */
  admit(event: LogEvent): boolean {
    this.metrics.received++;
    const bytes = this.bytesOf(event);
    if (this.#reserved > 0) this.#reserved -= 1;
    else if (!this.hasRoom(1, bytes) && !this.#makeRoom(bytes)) {
      const report: DeliveryReport = { outcome: "dropped", dropReason: "queue_full", reason: "queue full (newest event dropped)", events: [event], source: [event], attempts: 0, latencyMs: 0 };
      this.metrics.report(report);
      this.#options.onUndelivered?.(report, this.name);
      event.settle?.("dropped");
      return false;
    }
    this.#hold(bytes);
    this.#options.spool?.spool.append(event);
    return true;
  }

  /**
   * Fails an event that never reached the queue (a processor threw on it): counted, reported and
   * written to the dead letters with `reason`, like any failed event.
   */
  reject(event: LogEvent, reason: string): void {
    this.metrics.received++;
    const report = this.#scrubbed({ outcome: "failed", reason, events: [event], source: [event], attempts: 0, latencyMs: 0 });
    this.metrics.report(report);
    this.#options.onUndelivered?.(report, this.name);
    const write = this.#deadLetter(report);
    if (write) this.#track(write.then((written) => settleEach(report.events, "failed", written)));
    else settleEach(report.events, "failed", 0);
  }

  /** Holds a recovered event (it was admitted, filtered and counted by the run that spooled it). */
  holdRecovered(event: LogEvent): void {
    this.#hold(this.bytesOf(event));
  }

  /** `deliver` attaches its sender: `drop_oldest` drops its queued batches, `abort` stops it. */
  attach(sender: Sender): void {
    this.#sender = sender;
  }

  /** True once a `deliver` took this queue (so `admit` knows its events will be released). */
  get attached(): boolean {
    return this.#sender !== undefined;
  }

  /** `deliver` tags each batch as it arrives, in order: its flush epoch and spool position. */
  tag(source: readonly LogEvent[]): void {
    if (this.#batchEpoch.has(source)) return;
    this.#batchEpoch.set(source, this.#epoch);
    if (this.#options.spool) {
      this.#batchSeq.set(source, this.#batchedSeq);
      this.#batchedSeq += source.length;
    }
  }

  /**
   * Settles a report's events: counts them, writes failed ones to the dead letters, removes them
   * from the spool (unless an abort leaves them there for the next start) and releases them.
   * Resolves once the dead-letter write is done.
   */
  settle(raw: DeliveryReport): Promise<void> | undefined {
    // Reports leave here (metrics, /health, warnings, dead letters): the reason is scrubbed once.
    const report = this.#scrubbed(raw);
    this.metrics.report(report);
    if (report.outcome !== "delivered") this.#options.onUndelivered?.(report, this.name);
    this.#unhold(report);
    const keepInSpool = report.aborted === true && this.#options.spool !== undefined;
    if (report.outcome === "delivered") settleEach(report.events, "delivered");
    else if (report.outcome === "dropped") settleEach(report.events, "dropped");
    if (report.outcome === "failed" && report.aborted === true) {
      // Stopped before an outcome: a source that can take its events back (it gave them a
      // `settle`) keeps them, so they are neither dead-lettered here nor lost.
      const kept = report.events.filter((event) => event.settle !== undefined);
      if (kept.length > 0) {
        const rest = report.events.filter((event) => event.settle === undefined);
        settleEach(kept, "aborted");
        return rest.length === 0 ? undefined : this.#fail({ ...report, events: rest }, keepInSpool);
      }
    }
    return report.outcome === "failed" ? this.#fail(report, keepInSpool) : (this.#settleSpool(report), undefined);
  }

  /** Dead-letters a failed report (or leaves it in the spool); resolves once written. */
  #fail(report: DeliveryReport, keepInSpool: boolean): Promise<void> | undefined {
    if (keepInSpool) {
      settleEach(report.events, "aborted");
      return undefined;
    }
    if (!this.#options.deadLetters) {
      this.#settleSpool(report);
      settleEach(report.events, "failed", 0);
      return undefined;
    }
    // Events the dead letters could not take stay in the spool, when there is one, and are
    // sent again at the next start; without one they are lost, and counted.
    const write = this.#deadLetter(report)!.then((written) => {
      this.#settleSpool(report, written);
      settleEach(report.events, "failed", written);
    });
    this.#track(write);
    return write;
  }

  /** Emits what `batch` buffers and resolves when every event admitted so far has an outcome. */
  flush(): Promise<void> {
    const epoch = this.#epoch;
    this.#flushRequests.next();
    if (this.#epochPending > 0) this.#pendingByEpoch.set(epoch, this.#epochPending);
    this.#epochPending = 0;
    this.#epoch += 1;
    if (!this.#hasPendingUpTo(epoch)) return Promise.resolve();
    return new Promise((resolve) => this.#flushWaiters.push({ epoch, resolve }));
  }

  /** Fails everything queued or in flight with `reason`; returns how many events. */
  abort(reason: string): number {
    return this.#sender?.abort(reason) ?? 0;
  }

  /** Writes what was spooled since the last sync and waits until it is on disk. */
  sync(): Promise<void> {
    return (
      this.#options.spool?.spool.sync().catch((err: Error) => {
        throw new HooklineError("ERR_STORAGE_FAILED", `callback ${this.name}: ${err.message}`, { cause: err });
      }) ?? Promise.resolve()
    );
  }

  /** Events that were to stay in the spool for the next start but could not be written to it. */
  get unspooled(): number {
    return this.#options.spool?.spool.unwritten ?? 0;
  }

  /** After the branch completed: waits for dead-letter and spool writes, and closes them. */
  async close(): Promise<void> {
    clearInterval(this.#syncTimer);
    this.#flushRequests.complete();
    while (this.#writes.size > 0) await Promise.all([...this.#writes]);
    await this.#options.deadLetters?.close();
    await this.#options.spool?.spool.close();
  }

  /** A snapshot of the callback's counters. */
  snapshot(): CallbackMetrics {
    const spool = this.#options.spool?.spool;
    if (spool) {
      this.metrics.spooled = spool.written;
      this.metrics.spoolWriteFailures = spool.writeFailures;
      this.metrics.spoolLost = spool.damage?.lost ?? 0;
      if (spool.lastError !== undefined) this.metrics.storageError ??= spool.lastError;
    }
    return this.metrics.snapshot({
      queueDepth: this.#held,
      queueBytes: this.#heldBytes,
      inFlight: this.#sender?.inFlightEvents ?? 0,
      healthy: !(this.#sender?.degraded ?? false),
    });
  }

  #hold(bytes: number): void {
    this.#held += 1;
    this.#heldBytes += bytes;
    this.#epochPending += 1;
  }

  #unhold(report: DeliveryReport): void {
    const n = report.events.length;
    this.#held -= n;
    if (this.measuresBytes) for (const event of report.events) this.#heldBytes -= this.bytesOf(event);
    const epoch = this.#batchEpoch.get(report.source);
    if (epoch === undefined) return;
    if (epoch === this.#epoch) {
      this.#epochPending -= n;
      return;
    }
    const left = (this.#pendingByEpoch.get(epoch) ?? 0) - n;
    if (left > 0) this.#pendingByEpoch.set(epoch, left);
    else this.#pendingByEpoch.delete(epoch);
    if (this.#flushWaiters.length > 0) this.#wakeFlushWaiters();
  }

  #track(write: Promise<unknown>): void {
    this.#writes.add(write);
    void write.finally(() => this.#writes.delete(write));
  }

  /** Settles the first `count` of a report's events in the spool; the rest stay for the next run. */
  #settleSpool(report: DeliveryReport, count = report.events.length): void {
    const spool = this.#options.spool?.spool;
    const first = this.#batchSeq.get(report.source);
    if (!spool || first === undefined) return;
    const offset = report.events.length > 0 ? report.source.indexOf(report.events[0]!) : 0;
    spool.settle(first + Math.max(0, offset), count);
  }

  /** The report with its reason scrubbed of secrets. */
  #scrubbed(report: DeliveryReport): DeliveryReport {
    const scrub = this.#options.scrub;
    return scrub && report.reason !== undefined ? { ...report, reason: scrub(report.reason) } : report;
  }

  /** Writes a failed report's events to the dead letters; resolves with how many were written. */
  #deadLetter(report: DeliveryReport): Promise<number> | undefined {
    const deadLetters = this.#options.deadLetters;
    if (!deadLetters) return undefined;
    const n = report.events.length;
    return deadLetters
      .write(report, this.name)
      .catch(() => 0)
      .then((written) => {
        this.metrics.deadLettered += written;
        if (written < n) {
          this.metrics.deadLetterWriteFailures += n - written;
          this.metrics.storageError = deadLetters.lastError ?? "write failed";
        }
        return written;
      });
  }

  /** Under `drop_oldest`, drops queued batches until one more event fits. */
  #makeRoom(bytes: number): boolean {
    const sender = this.#sender;
    if (this.queueFullPolicy !== "drop_oldest" || !sender) return false;
    while (!this.hasRoom(1, bytes)) {
      if (sender.queuedEvents === 0) {
        // The oldest droppable events may still be buffered by `batch`: move them to the sender.
        this.#flushRequests.next();
        if (sender.queuedEvents === 0) return false;
      }
      if (sender.dropOldest() === 0) return false;
    }
    return true;
  }

  #hasPendingUpTo(epoch: number): boolean {
    for (const key of this.#pendingByEpoch.keys()) if (key <= epoch) return true;
    return false;
  }

  #wakeFlushWaiters(): void {
    this.#flushWaiters = this.#flushWaiters.filter((waiter) => {
      if (this.#hasPendingUpTo(waiter.epoch)) return true;
      waiter.resolve();
      return false;
    });
  }
}

/**
 * Tells each event's source its outcome: `outcome`, except that with `written` given the first
 * `written` events of a failed group are in the dead letters (`dead_lettered`) and the rest not.
 */
function settleEach(events: readonly LogEvent[], outcome: EventOutcome, written?: number): void {
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    if (event.settle === undefined) continue;
    event.settle(written !== undefined && i < written ? "dead_lettered" : outcome);
  }
}
