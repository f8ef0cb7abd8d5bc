/**
 * The LIMIT: the least a correct batching HTTP log sender has to do, with the same client and
 * settings as hookline. `log()` pushes onto an array; every `batchSize` events a microtask cuts
 * an NDJSON body and posts it with undici `request` over a keep-alive Agent, at most
 * `concurrency` requests in flight (hookline's default, 4). Retryable answers (408, 429, 5xx,
 * network errors) are retried per batch after 250 ms doubling to 2 s (limit-post.ts, shared with
 * the limit relay). A timer flushes a partial batch after 1 s, like hookline's flush interval.
 *
 * Two variants:
 * - `limit-preserialized`: JSON.stringify was done BEFORE timing (the driver logs strings): the
 *   pure transport floor, cheaper than anything that must serialize.
 * - `limit-serialize`: the driver logs payload objects and each is serialized once, in the
 *   microtask that cuts the batch, as hookline must: the fair floor for hookline.
 */
import type { StandardLoggingPayload } from "@hookline/core";
import { Agent } from "undici";
import type { Subject } from "../harness.js";
import { postTarget, postWithRetries, type PostTarget } from "../limit-post.js";
import type { DriverSpec } from "../types.js";

export class LimitSender<T extends string | StandardLoggingPayload> {
  readonly #agent = new Agent();
  readonly #target: PostTarget;
  readonly #batchSize: number;
  readonly #concurrency: number;
  #buffer: T[] = [];
  readonly #pending: T[][] = [];
  #inFlight = 0;
  #scheduled = false;
  #timer: NodeJS.Timeout | undefined;
  #idle: (() => void) | undefined;
  retries = 0;
  failedBatches = 0;

  constructor(url: string, options: { batchSize: number; concurrency: number }) {
    this.#target = postTarget(url);
    this.#batchSize = options.batchSize;
    this.#concurrency = options.concurrency;
  }

  log(event: T): void {
    this.#buffer.push(event);
    if (this.#buffer.length >= this.#batchSize) {
      this.#cut();
    } else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => this.#cut(), 1000);
      this.#timer.unref();
    }
  }

  #cut(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#buffer.length === 0) return;
    this.#pending.push(this.#buffer);
    this.#buffer = [];
    if (!this.#scheduled) {
      this.#scheduled = true;
      queueMicrotask(() => this.#pump());
    }
  }

  #pump(): void {
    this.#scheduled = false;
    while (this.#inFlight < this.#concurrency && this.#pending.length > 0) {
      const batch = this.#pending.shift()!;
      this.#inFlight++;
      void this.#send(this.#encode(batch)).finally(() => {
        this.#inFlight--;
        this.#pump();
        if (this.#inFlight === 0 && this.#pending.length === 0 && this.#buffer.length === 0) this.#idle?.();
      });
    }
  }

  #encode(batch: readonly T[]): string {
    let body = "";
    for (const event of batch) body += `${typeof event === "string" ? event : JSON.stringify(event)}\n`;
    return body;
  }

  async #send(body: string): Promise<void> {
    const delivered = await postWithRetries(this.#agent, this.#target, body, "application/x-ndjson", () => this.retries++);
    if (!delivered) this.failedBatches++;
  }

  /** Sends what is buffered and resolves when nothing is in flight. */
  async finish(): Promise<void> {
    this.#cut();
    if (this.#inFlight > 0 || this.#pending.length > 0 || this.#scheduled) {
      await new Promise<void>((resolve) => (this.#idle = resolve));
    }
    await this.#agent.close();
  }
}

export function limitSubject(spec: DriverSpec): Subject<string> | Subject<StandardLoggingPayload> {
  const path = `/ndjson/${spec.runId}`;
  const options = { batchSize: spec.batchSize, concurrency: spec.concurrency };
  if (spec.driver === "limit-preserialized") {
    const sender = new LimitSender<string>(`${spec.receiverUrl}${path}`, options);
    return {
      paths: [path],
      hasFlush: true,
      log: (json: string) => sender.log(json),
      finish: () => sender.finish(),
      extra: () => ({ retries: sender.retries, failedBatches: sender.failedBatches }),
      notes: ["events were JSON.stringify'd before timing (not counted in caller cost, CPU or events/s)"],
    };
  }
  const sender = new LimitSender<StandardLoggingPayload>(`${spec.receiverUrl}${path}`, options);
  return {
    paths: [path],
    hasFlush: true,
    log: (event: StandardLoggingPayload) => sender.log(event),
    finish: () => sender.finish(),
    extra: () => ({ retries: sender.retries, failedBatches: sender.failedBatches }),
  };
}
