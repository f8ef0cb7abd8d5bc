import { resolve } from "node:path";
import { configError, HooklineError, type Pipeline, type ShutdownReport } from "@hookline/core";
import type { Output } from "../console-output.js";
import type { Receiver } from "../receiver/http-receiver.js";
import { durableName } from "../nats/nats-config.js";
import { buildPipeline, checkCallbacks, loadConfig, storagePaths, type LoadedConfig, type RuntimeOptions } from "../runtime.js";
import type { PipelineGenerations } from "./pipeline-generations.js";
import { receiverConfigIssues } from "./receiver-config-issues.js";
import type { ReceiverAddress } from "./self-loop.js";

/** What a {@link ConfigReloader} works with. */
export interface ReloaderOptions {
  readonly file: string;
  readonly runtime: RuntimeOptions;
  readonly output: Output;
  readonly receiver: Receiver;
  readonly generations: PipelineGenerations;
  /** Where the receiver listens, for the self-loop check. */
  readonly address: ReceiverAddress;
  /** `--allow-unauthenticated` was given. */
  readonly allowUnauthenticated: boolean;
  /** How long a replaced pipeline may drain (`--drain-timeout`). */
  readonly drainMs: number;
}

/** sources.http keys that only take effect at start (the listener is not rebuilt). */
const START_ONLY = ["host", "port", "deadLetterPath", "maxConnections", "maxBodyBytes", "headersTimeoutMs", "requestTimeoutMs", "idleTimeoutMs"] as const;

/**
 * Reloads the config of `hookline run` on SIGHUP without losing an acknowledged event.
 *
 * The new config is read and checked first (parse, self-loop, receiver policy, every formatter
 * and exporter created): if anything is wrong, the problems are printed and the running
 * pipeline goes on untouched. Otherwise the switch is like a restart that keeps the port open:
 *
 * - When the two configs share no spool or dead-letter file, the new pipeline is built, the
 *   receiver sends new requests into it, and the old one drains in the background as at
 *   shutdown (delivering what it holds within `--drain-timeout`, the rest to its spool or dead
 *   letters). No request waits.
 * - When they share one (the usual case: same `spool_path`, new endpoint), two pipelines must
 *   not have it open at once. The receiver holds new requests (bodies read, not answered), the
 *   old pipeline drains and closes its files, then the new one opens them, recovers what the
 *   old left in the spool, and takes the held requests. Holding is bounded by the drain
 *   timeout. Should the new pipeline fail to open its storage, the old config is started again.
 *
 * A SIGHUP during a reload is not lost: one more reload runs after it (several coalesce).
 */
export class ConfigReloader {
  readonly #options: ReloaderOptions;
  #loaded: LoadedConfig;
  #running: Promise<void> | undefined;
  #pending = false;
  #stopped = false;
  #fatal: ((err: unknown) => void) | undefined;
  /** Rejects when a reload left hookline without a pipeline (nothing could be opened). */
  readonly fatal: Promise<never>;

  constructor(loaded: LoadedConfig, options: ReloaderOptions) {
    this.#loaded = loaded;
    this.#options = options;
    this.fatal = new Promise<never>((_, reject) => (this.#fatal = reject));
    this.fatal.catch(() => {});
  }

  /** The config running now (the last one a reload started). */
  get loaded(): LoadedConfig {
    return this.#loaded;
  }

  /** Starts a reload, or queues one if a reload is running. */
  request(): void {
    if (this.#stopped) return;
    if (this.#running !== undefined) {
      this.#pending = true;
      return;
    }
    this.#running = this.#loop().finally(() => (this.#running = undefined));
  }

  /** No more reloads; resolves once the one running (if any) is done. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#running;
  }

  async #loop(): Promise<void> {
    do {
      this.#pending = false;
      try {
        await this.#reload();
      } catch (err) {
        this.#fatal?.(err);
        return;
      }
    } while (this.#pending && !this.#stopped);
  }

  async #reload(): Promise<void> {
    const { output, receiver, generations, drainMs } = this.#options;
    output.err(`SIGHUP: reloading ${this.#options.file}`);
    let next: LoadedConfig;
    try {
      next = await this.#check();
    } catch (err) {
      if (!HooklineError.is(err)) throw err;
      for (const line of err.message.split("\n")) output.err(`reload failed: ${line}`);
      output.err("reload failed: still running the previous configuration");
      return;
    }
    for (const key of START_ONLY) {
      if (next.config.server[key] !== this.#loaded.config.server[key]) output.err(`warning: reload: a change of sources.http.${snake(key)} takes effect at the next start`);
    }
    if (JSON.stringify(next.nats ?? null) !== JSON.stringify(this.#loaded.nats ?? null)) output.err("warning: reload: a change of the nats section takes effect at the next start");
    const nats = this.#loaded.nats;
    if (nats?.consume) {
      const names = new Set(next.config.callbacks.map((callback) => callback.name));
      const had = new Set(this.#loaded.config.callbacks.map((callback) => callback.name));
      for (const name of had) {
        if (!names.has(name)) output.err(`warning: reload: nats: callback ${name} is gone; its events wait in the stream for consumer ${durableName(nats.consumerPrefix, name)} until a start that has it`);
      }
      for (const name of names) if (!had.has(name)) output.err(`warning: reload: nats: callback ${name} is new; it takes events from the stream from the next start`);
    }
    const before = new Set(storagePaths(this.#loaded));
    const shared = storagePaths(next).filter((path) => before.has(path));
    const previous = generations.current;

    if (shared.length === 0) {
      let pipeline: Pipeline;
      try {
        pipeline = await buildPipeline(next, this.#options.runtime);
      } catch (err) {
        if (!HooklineError.is(err)) throw err;
        output.err(`reload failed: ${err.message}`);
        output.err("reload failed: still running the previous configuration");
        return;
      }
      this.#switch(pipeline, next);
      const old = this.#loaded;
      this.#loaded = next;
      generations.replace(pipeline, (p) => this.#drain(p, old));
    } else {
      output.err(`reload: ${shared.length} spool or dead-letter path(s) are in both configurations: new requests wait until the previous configuration has drained (up to ${drainMs / 1000} s)`);
      let release!: (pipeline: Pipeline) => void;
      let fail!: (err: unknown) => void;
      const held = new Promise<Pipeline>((resolvePipeline, reject) => ((release = resolvePipeline), (fail = reject)));
      held.catch(() => {});
      receiver.use(held);
      const report = await this.#drain(previous, this.#loaded);
      let pipeline: Pipeline;
      try {
        pipeline = await buildPipeline(next, this.#options.runtime);
      } catch (err) {
        if (!HooklineError.is(err)) throw err;
        output.err(`reload failed: ${err.message}`);
        output.err("reload failed: starting the previous configuration again");
        try {
          next = this.#loaded;
          pipeline = await buildPipeline(next, this.#options.runtime);
        } catch (again) {
          fail(again);
          throw again;
        }
      }
      const nextSpools = new Set(next.config.callbacks.flatMap((c) => (c.spoolPath === undefined ? [] : [resolve(next.dir, c.spoolPath)])));
      const handedOver: Record<string, number> = {};
      for (const callback of this.#loaded.config.callbacks) {
        const left = report.abandoned[callback.name];
        if (left?.to === "spool" && callback.spoolPath !== undefined && nextSpools.has(resolve(this.#loaded.dir, callback.spoolPath))) handedOver[callback.name] = left.count;
      }
      this.#switch(pipeline, next);
      release(pipeline);
      this.#loaded = next;
      generations.replace(pipeline, () => Promise.resolve(report), () => handedOver);
    }
    output.err(`reload: running ${this.#options.file}: callbacks: ${generations.current.callbackNames.join(", ") || "(none)"}`);
  }

  /** Reads the file and checks everything but the disk. */
  async #check(): Promise<LoadedConfig> {
    const next = await loadConfig({ file: this.#options.file }, this.#options.runtime);
    const issues = receiverConfigIssues(next.config, this.#options.address, this.#options.allowUnauthenticated, next.name);
    if (issues.length > 0) throw configError(issues);
    await checkCallbacks(next);
    return next;
  }

  #switch(pipeline: Pipeline, next: LoadedConfig): void {
    this.#options.receiver.use(pipeline);
    this.#options.receiver.setAuthToken(next.config.server.authToken);
  }

  /** Shuts a replaced pipeline down as at exit and says how it went. */
  async #drain(pipeline: Pipeline, loaded: LoadedConfig): Promise<ShutdownReport> {
    const { output, drainMs } = this.#options;
    const report = await pipeline.shutdown({ deadlineMs: drainMs });
    for (const [name, { count, to }] of Object.entries(report.abandoned)) {
      if (count === 0) continue;
      const callback = loaded.config.callbacks.find((c) => c.name === name);
      const where = to === "spool" ? `left in the spool ${callback?.spoolPath ?? ""}`.trimEnd() : to === "dead_letters" ? "written to the dead letters" : "failed";
      output.err(`reload: previous configuration: callback ${name}: ${count} event(s) not delivered within ${drainMs / 1000} s, ${where}`);
    }
    return report;
  }
}

function snake(key: string): string {
  return key.replace(/Ms$/, "").replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
