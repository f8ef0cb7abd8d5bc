import { resolve } from "node:path";
import { configError, HooklineError } from "@hookline/core";
import { log, type Output } from "../console-output.js";
import { startReceiver, type Receiver } from "../receiver/http-receiver.js";
import { healthRoute, metricsRegistry, metricsRoute } from "../receiver/metrics-registry.js";
import { openReceiverDeadLetters, type ReceiverDeadLetters } from "../receiver/receiver-dead-letters.js";
import type { NatsSource } from "@hookline/nats";
import { ConfigReloader } from "../run/config-reloader.js";
import { PipelineGenerations } from "../run/pipeline-generations.js";
import { receiverConfigIssues } from "../run/receiver-config-issues.js";
import { buildPipeline, loadConfig } from "../runtime.js";
import { storageFailed, storageSummary } from "../storage-summary.js";
import { summaryTable, undelivered } from "../summary-table.js";
import { parseSeconds, UsageError } from "../usage-error.js";

/** The options of `hookline run`, as typed on the command line. */
export interface RunOptions {
  readonly config?: string | undefined;
  readonly port?: string | undefined;
  readonly host?: string | undefined;
  /** Seconds. @default "30" */
  readonly drainTimeout?: string | undefined;
  readonly allowUnauthenticated?: boolean | undefined;
}

/** Where {@link runCommand} runs. */
export interface RunContext {
  readonly output: Output;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Resolves when the command should stop (the CLI: on SIGTERM/SIGINT). */
  readonly stopSignal: Promise<string>;
  /** Calls `listener` on each request to reload the config (the CLI: SIGHUP); returns an unsubscribe. */
  readonly onReload?: (listener: () => void) => () => void;
}

/**
 * `hookline run --config FILE [--port N] [--host H] [--drain-timeout S] [--allow-unauthenticated]`:
 * receives events on `POST /v1/callbacks/logs` and relays them to every configured callback
 * until stopped, then stops accepting, drains every callback and exits. A reload request
 * (SIGHUP) re-reads the config without losing an acknowledged event (see ConfigReloader).
 */
export async function runCommand(options: RunOptions, context: RunContext): Promise<number> {
  if (!options.config) throw new UsageError("run needs --config FILE");
  const values = { config: options.config, host: options.host };
  const port = options.port === undefined ? undefined : parsePort(options.port);
  const drainMs = parseSeconds(options.drainTimeout ?? "30", "--drain-timeout") * 1000;
  const allowUnauthenticated = options.allowUnauthenticated === true;

  // Listening from the start: a SIGHUP while starting must not end the process (its default).
  let reloader: ConfigReloader | undefined;
  let reloadEarly = false;
  const unsubscribe = context.onReload?.(() => (reloader ? reloader.request() : (reloadEarly = true)));
  try {
    const { output } = context;
    const runtime = { output, ...(context.env ? { env: context.env } : {}) };
    const loaded = await loadConfig({ file: values.config }, runtime);
    const { server } = loaded.config;
    const address = { host: values.host ?? server.host, port: port ?? server.port };
    const issues = receiverConfigIssues(loaded.config, address, allowUnauthenticated, loaded.name);
    if (issues.length > 0) throw configError(issues);
    const deadLetters = server.deadLetterPath === undefined ? undefined : await openReceiverDeadLetters(resolve(loaded.dir, server.deadLetterPath));

    const generations = new PipelineGenerations(await buildPipeline(loaded, runtime));
    let receiver: Receiver | undefined;
    // With a nats callback, a 200 must mean the stream holds the events (see answerAfterSettlement).
    const answerAfterSettlement = () => (reloader?.loaded ?? loaded).config.callbacks.some((callback) => callback.exporter === "nats");
    let natsWorker: NatsSource | undefined;
    // The NATS client is loaded only by a worker.
    const worker = loaded.nats?.consume ? await import("../nats/nats-worker.js") : undefined;
    const registry = metricsRegistry(generations, () => receiver?.stats, () => natsWorker?.stats);
    try {
      receiver = await startReceiver(generations.current, {
        ...address,
        ...receiverSettings(server),
        ...(deadLetters ? { deadLetters } : {}),
        answerAfterSettlement,
        routes: { "/metrics": metricsRoute(registry), "/health": { handle: healthRoute(generations), authenticated: false } },
      });
    } catch (err) {
      // Nothing was taken yet: close the pipeline's files and report the listen error, scrubbed
      // like any other message (the host may come from a variable: `host: ${HOST}`).
      await generations.current.shutdown({ deadlineMs: 0 });
      await deadLetters?.close();
      if (HooklineError.is(err)) throw new HooklineError(err.code, loaded.config.secrets.scrub(err.message));
      throw err;
    }
    // A worker (`nats.consume`) takes its callbacks' events from the stream, into the current pipeline.
    if (worker && loaded.nats) {
      const sink = worker.natsSink(generations);
      try {
        natsWorker = await worker.startNatsWorker(loaded.nats, generations.current.callbackNames, sink, (message) => output.err(loaded.config.secrets.scrub(`warning: ${message}`)));
      } catch (err) {
        await receiver.close();
        await generations.current.shutdown({ deadlineMs: 0 });
        await deadLetters?.close();
        if (HooklineError.is(err)) throw new HooklineError(err.code, loaded.config.secrets.scrub(err.message));
        throw err;
      }
      output.err(`nats: consuming for ${generations.current.callbackNames.join(", ")} from stream ${loaded.nats.stream ?? "HOOKLINE"}`);
    }
    output.out(`hookline listening on ${receiver.url}/v1/callbacks/logs`);
    log(output, "debug", `receiver: ${server.authToken === undefined ? "no bearer token" : "bearer token required"}, dead letters ${deadLetters ? "kept" : "not kept"}`, {
      port: receiver.port,
      authenticated: server.authToken !== undefined,
    });
    output.err(`callbacks: ${generations.current.callbackNames.join(", ") || "(none)"}`);

    reloader = new ConfigReloader(loaded, { file: values.config, runtime, output, receiver, generations, address: { ...address, port: receiver.port }, allowUnauthenticated, drainMs });
    if (reloadEarly) reloader.request();

    const signal = await Promise.race([context.stopSignal, reloader.fatal]).catch((err: unknown) => {
      output.err(`hookline: reload failed and no configuration could be started: ${err instanceof Error ? err.message : String(err)}`);
      return "fatal";
    });
    output.err(`${signal}: stopped accepting; draining callbacks (up to ${drainMs / 1000} s)`);
    // Nothing more is taken from the stream; what was taken settles, and is acknowledged, below.
    await natsWorker?.stop();
    // A reload under way finishes first (it is bounded by the drain timeout too).
    await Promise.all([reloader.stop(), receiver.close()]);
    const report = await generations.current.shutdown({ deadlineMs: drainMs });
    await generations.drained();
    await deadLetters?.close();
    if (natsWorker) {
      await natsWorker.close?.();
      output.err(worker!.natsWorkerSummary(natsWorker));
    }
    const callbacks = generations.final(report.callbacks);
    output.err(summaryTable(callbacks));
    for (const [name, { count, to }] of Object.entries(report.abandoned)) {
      if (count === 0) continue;
      // A disk that refused writes makes "left in the spool" / "written" only partly true: say so.
      const partly = (report.unspooled[name] ?? 0) > 0 || (report.callbacks.find((m) => m.name === name)?.deadLetterWriteFailures ?? 0) > 0;
      const where = to === "spool" ? "left in the spool for the next start" : to === "dead_letters" ? "written to the dead letters" : "failed";
      const except = partly && to !== "none" ? " (not all of them: see the storage lines below)" : "";
      output.err(`drain timeout: callback ${name}: ${count} event(s) not delivered in time, ${where}${except}`);
    }
    const lost = undelivered(callbacks);
    if (lost > 0) output.err(`${lost} event(s) were not delivered during this run (see the summary)`);
    for (const line of storageSummary(report, reloader.loaded.config, { receiver: true })) output.err(line);
    return signal !== "fatal" && report.drained && lost === 0 && !storageFailed(report) ? 0 : 1;
  } finally {
    unsubscribe?.();
  }
}

/** The receiver's options from `sources.http`, leaving out what is not set. */
function receiverSettings(server: import("@hookline/config").ServerConfig) {
  return {
    ...(server.authToken !== undefined ? { authToken: server.authToken } : {}),
    ...(server.maxConnections !== undefined ? { maxConnections: server.maxConnections } : {}),
    ...(server.maxBodyBytes !== undefined ? { maxBodyBytes: server.maxBodyBytes } : {}),
    ...(server.headersTimeoutMs !== undefined ? { headersTimeoutMs: server.headersTimeoutMs } : {}),
    ...(server.requestTimeoutMs !== undefined ? { requestTimeoutMs: server.requestTimeoutMs } : {}),
    ...(server.idleTimeoutMs !== undefined ? { idleTimeoutMs: server.idleTimeoutMs } : {}),
  };
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: expected an integer from 0 to 65535, got "${text}"`);
  return port;
}
