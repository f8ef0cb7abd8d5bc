import { Subject } from "rxjs";
import { HooklineError } from "../errors/hookline-error.js";
import { EVENT_TYPES } from "../events/event-type.js";
import type { DeliveryReport } from "../delivery/delivery-report.js";
import { resolveDeliveryOptions, type ResolvedDeliveryOptions } from "../delivery/resolve-delivery-options.js";
import type { Sender } from "../delivery/sender.js";
import { eventByteLength, isLoggedEvent, type LogEvent } from "../events/log-event.js";
import { CallbackMetricsRecorder, type CallbackMetrics } from "../metrics/callback-metrics.js";
import { Batcher } from "../operators/batcher.js";
import { deliver } from "../operators/deliver.js";
import { format } from "../operators/format.js";
import type { CallbackOptions } from "./callback-options.js";

/**
 * One callback's branch of the bus: filter, admit (bounded queue), batch, then the rxjs `format`
 * and `deliver` operators.
 *
 * Flush bookkeeping uses epochs: events admitted before a `flush()` belong to an epoch that the
 * flush closes, and the flush resolves when no event of a closed epoch is still pending. Events
 * arriving during the flush belong to the next epoch, so they are neither lost nor waited for.
 */
export class CallbackBranch {
  readonly name: string;
  readonly metrics: CallbackMetricsRecorder;
  readonly #options: CallbackOptions;
  readonly #delivery: ResolvedDeliveryOptions;
  readonly #batcher: Batcher<LogEvent>;
  readonly #batches$ = new Subject<LogEvent[]>();
  readonly #wanted: ReadonlySet<string> | undefined;
  readonly #batchEpoch = new WeakMap<readonly LogEvent[], number>();
  readonly #batchSeq = new WeakMap<readonly LogEvent[], number>();
  #batchedSeq = 0;
  #syncTimer: ReturnType<typeof setInterval> | undefined;
  readonly #writes = new Set<Promise<unknown>>();
  readonly #pendingByEpoch = new Map<number, number>();
  readonly #measureBytes: boolean;
  /** Measure `log()` events too (serializing them in `log()`): only when a byte limit is set. */
  readonly #measureLogged: boolean;
  #epoch = 0;
  /** Events of a group accepted by `offer()` that admission takes without applying the policy. */
  #reserved = 0;
  /** Events of the current epoch still held; closed epochs move to #pendingByEpoch. */
  #epochPending = 0;
  #typed = 0;
  #pendingEvents = 0;
  #pendingBytes = 0;
  #completed = false;
  #sender: Sender | undefined;
  #flushWaiters: { epoch: number; resolve: () => void }[] = [];
  #completion: Promise<void>;

  constructor(options: CallbackOptions) {
    this.name = options.name;
    this.#options = options;
    this.#delivery = resolveDeliveryOptions(options);
    this.metrics = new CallbackMetricsRecorder(options.name);
    this.#measureBytes = options.maxBatchBytes !== undefined || Number.isFinite(this.#delivery.maxQueueBytes);
    this.#measureLogged = options.maxBatchBytes !== undefined || options.maxQueueBytes !== undefined;
    this.#wanted = options.eventTypes && !EVENT_TYPES.every((type) => options.eventTypes!.includes(type)) ? new Set(options.eventTypes) : undefined;

    let done!: () => void;
    this.#completion = new Promise((resolve) => (done = resolve));

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

    this.#batcher = new Batcher<LogEvent>(
      {
        maxSize: options.batchSize ?? 100,
        maxWaitMs: options.flushIntervalMs ?? 60_000,
        // +1 per event for the separator most formats add; the sender splits what still overshoots.
        ...(options.maxBatchBytes !== undefined ? { maxBytes: options.maxBatchBytes - 2, sizeOf: (event: LogEvent) => eventByteLength(event) + 1 } : {}),
        // Under a virtual-time scheduler (tests) batches are emitted synchronously.
        ...(options.scheduler ? { scheduler: options.scheduler } : { emitFullLater: true }),
      },
      (events) => {
        this.#batchEpoch.set(events, this.#epoch);
        if (spool) {
          this.#batchSeq.set(events, this.#batchedSeq);
          this.#batchedSeq += events.length;
        }
        this.#batches$.next(events);
      },
    );

    this.#batches$
      .pipe(
        // Bodies are encoded lazily and the sender starts requests in a microtask, so neither
        // encoding nor I/O runs inside the caller's log(); queued batches stay droppable.
        format(options.formatter),
        deliver(options.exporter, {
          ...options,
          onSender: (sender) => (this.#sender = sender),
          onAttempt: (attempt) => this.metrics.attempt(attempt),
        }),
      )
      .subscribe({
        next: (report) => this.#settle(report),
        error: () => done(),
        complete: () => done(),
      });

    // Events a previous run left in the spool were filtered and counted then: they skip both.
    for (const event of options.spool?.recovered ?? []) {
      this.#hold(event);
      this.#batcher.push(event);
    }
  }

  /**
   * Takes one event from the bus, on the caller's thread: counts it, filters it by type and
   * target, admits it into the bounded queue and hands it to the batcher. Plain method calls, no
   * subscriber chain: this is the whole cost of `log()` per callback.
   */
  accept(event: LogEvent): void {
    if (this.#completed) return;
    this.metrics.received++;
    if (this.#wanted !== undefined && !this.#wanted.has(event.type)) return;
    if (event.callback !== undefined && event.callback !== this.name) return;
    this.#typed++;
    if (this.#admit(event)) this.#batcher.push(event);
  }

  /** No more events: emits what is batched; {@link whenComplete} resolves once all have an outcome. */
  complete(): void {
    if (this.#completed) return;
    this.#completed = true;
    this.#batcher.flush();
    this.#batcher.dispose();
    this.#batches$.complete();
  }

  /** Where events go that cannot be delivered in time at shutdown. */
  get abandonTarget(): "spool" | "dead_letters" | "none" {
    return this.#options.spool ? "spool" : this.#options.deadLetters ? "dead_letters" : "none";
  }

  /**
   * Writes what was spooled since the last sync and waits until it is on disk; rejects
   * (`ERR_STORAGE_FAILED`) when the spool could not write it.
   */
  sync(): Promise<void> {
    return (
      this.#options.spool?.spool.sync().catch((err: Error) => {
        throw new HooklineError("ERR_STORAGE_FAILED", `callback ${this.name}: ${err.message}`, { cause: err });
      }) ?? Promise.resolve()
    );
  }

  /** The spool's error code (`ENOSPC`) while its writes are failing. */
  get storageFailure(): string | undefined {
    return this.#options.spool?.spool.failure;
  }

  /** After completion: waits for dead-letter and spool writes, and closes them. */
  async close(): Promise<void> {
    clearInterval(this.#syncTimer);
    while (this.#writes.size > 0) await Promise.all([...this.#writes]);
    await this.#options.deadLetters?.close();
    await this.#options.spool?.spool.close();
  }

  /** Events held: buffered, queued or in flight. */
  get pendingEvents(): number {
    return this.#pendingEvents;
  }

  /**
   * True when the branch can take `count` more events without applying its queue-full policy.
   * An empty branch takes any group, even one larger than the bound: otherwise a request bigger
   * than the queue could never be accepted, only refused again and again.
   */
  hasRoom(count = 1, bytes = 0): boolean {
    if (this.#pendingEvents === 0) return true;
    return this.#pendingEvents + count <= this.#delivery.maxQueueEvents && this.#pendingBytes + bytes <= this.#delivery.maxQueueBytes;
  }

  /** The branch's queue-full policy. */
  get queueFullPolicy(): ResolvedDeliveryOptions["queueFullPolicy"] {
    return this.#delivery.queueFullPolicy;
  }

  /** Emits what is buffered and resolves when every event admitted so far has an outcome. */
  flush(): Promise<void> {
    const epoch = this.#epoch;
    this.#batcher.flush();
    if (this.#epochPending > 0) this.#pendingByEpoch.set(epoch, this.#epochPending);
    this.#epochPending = 0;
    this.#epoch += 1;
    if (!this.#hasPendingUpTo(epoch)) return Promise.resolve();
    return new Promise((resolve) => this.#flushWaiters.push({ epoch, resolve }));
  }

  /** Resolves when the bus has completed and everything has an outcome. */
  whenComplete(): Promise<void> {
    return this.#completion;
  }

  /** Fails everything still queued or in flight with `reason`; returns how many events. */
  abort(reason: string): number {
    return this.#sender?.abort(reason) ?? 0;
  }

  /** A snapshot of the branch's counters. */
  snapshot(): CallbackMetrics {
    this.metrics.filtered = this.metrics.received - this.#typed;
    const spool = this.#options.spool?.spool;
    if (spool) {
      this.metrics.spooled = spool.written;
      this.metrics.spoolWriteFailures = spool.writeFailures;
      this.metrics.spoolLost = spool.damage?.lost ?? 0;
      if (spool.lastError !== undefined) this.metrics.storageError ??= spool.lastError;
    }
    return this.metrics.snapshot({
      queueDepth: this.#pendingEvents,
      queueBytes: this.#pendingBytes,
      inFlight: this.#sender?.inFlightEvents ?? 0,
      healthy: !(this.#sender?.degraded ?? false),
    });
  }

  /**
   * Promises admission to the next `count` events (a group `offer()` checked room for), so a
   * group answered "accepted" is never partly dropped. {@link release} ends the promise.
   */
  reserve(count: number): void {
    this.#reserved = count;
  }

  /** Ends a {@link reserve}. */
  release(): void {
    this.#reserved = 0;
  }

  /** The most events the branch holds before its queue-full policy applies. */
  get capacity(): number {
    return this.#delivery.maxQueueEvents;
  }

  /** True when the branch limits the bytes it holds (so callers measure what they offer). */
  get measuresBytes(): boolean {
    return this.#measureBytes;
  }

  /**
   * The bytes the queue bound counts for `event`, the same at admission and at settlement. An
   * event that carries its JSON (receiver, replay, spool) counts its size, known for free. An
   * event `log()` made of a payload object counts 0 under the default bound: measuring it means
   * serializing it in `log()`, a hundred times what `log()` costs otherwise; an explicit
   * `maxQueueBytes` (or `maxBatchBytes`) measures it too.
   */
  bytesOf(event: LogEvent): number {
    if (!this.#measureBytes || (!this.#measureLogged && isLoggedEvent(event))) return 0;
    return eventByteLength(event);
  }

  /** Bytes held (buffered, queued or in flight), as the queue bound counts them. */
  get pendingBytes(): number {
    return this.#pendingBytes;
  }

  #admit(event: LogEvent): boolean {
    const bytes = this.bytesOf(event);
    if (this.#reserved > 0) this.#reserved -= 1;
    else if (!this.hasRoom(1, bytes) && !this.#makeRoom(bytes)) {
      this.metrics.dropped.queue_full += 1;
      this.#options.onUndelivered?.(
        { outcome: "dropped", dropReason: "queue_full", reason: "queue full (newest event dropped)", events: [event], source: [event], attempts: 0, latencyMs: 0 },
        this.name,
      );
      return false;
    }
    this.#hold(event, bytes);
    this.#options.spool?.spool.append(event);
    return true;
  }

  /** Counts an event as held until its outcome. */
  #hold(event: LogEvent, bytes = this.bytesOf(event)): void {
    this.#pendingEvents += 1;
    this.#pendingBytes += bytes;
    this.#epochPending += 1;
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

  /** Under `drop_oldest`, drops queued batches until one more event fits. */
  #makeRoom(bytes: number): boolean {
    const sender = this.#sender;
    if (this.#delivery.queueFullPolicy !== "drop_oldest" || !sender) return false;
    while (!this.hasRoom(1, bytes)) {
      if (sender.queuedEvents === 0) {
        // The oldest droppable events may still be in the batcher: move them to the queue.
        this.#batcher.flush();
        if (sender.queuedEvents === 0) return false;
      }
      if (sender.dropOldest() === 0) return false;
    }
    return true;
  }

  #settle(raw: DeliveryReport): void {
    // Reports leave here (metrics, /health, warnings, dead letters): the reason is scrubbed once.
    const scrub = this.#options.scrub;
    const report = scrub && raw.reason !== undefined ? { ...raw, reason: scrub(raw.reason) } : raw;
    const n = report.events.length;
    this.metrics.report(report);
    if (report.outcome !== "delivered") this.#options.onUndelivered?.(report, this.name);
    const keepInSpool = report.aborted === true && this.#options.spool !== undefined;
    const deadLetters = this.#options.deadLetters;
    if (report.outcome === "failed" && !keepInSpool && deadLetters) {
      this.#track(
        deadLetters
          .write(report, this.name)
          .catch(() => 0)
          .then((written) => {
            this.metrics.deadLettered += written;
            if (written < n) {
              this.metrics.deadLetterWriteFailures += n - written;
              this.metrics.storageError = deadLetters.lastError ?? "write failed";
            }
            // Events the dead letters could not take stay in the spool, when there is one, and
            // are sent again at the next start; without one they are lost, and counted.
            this.#settleSpool(report, written);
          }),
      );
    } else if (!keepInSpool) {
      this.#settleSpool(report);
    }
    this.#pendingEvents -= n;
    if (this.#measureBytes) {
      for (const event of report.events) this.#pendingBytes -= this.bytesOf(event);
    }
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
