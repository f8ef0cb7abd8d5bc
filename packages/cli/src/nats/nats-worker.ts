import { ErrorCodes, HooklineError, redactUrl, type Pipeline, type SourceSink } from "@hookline/core";
import { natsSource, type NatsSource } from "@hookline/nats";
import type { ResolvedNatsSettings } from "@hookline/nats/config";
import { durableName } from "./nats-config.js";

/**
 * Starts the nats source of a worker (`nats.consume: true`): one durable consumer per callback,
 * pushing into `sink` (the current pipeline). @throws HooklineError when NATS cannot be reached.
 */
export async function startNatsWorker(settings: ResolvedNatsSettings, callbacks: readonly string[], sink: SourceSink, onWarning: (message: string) => void): Promise<NatsSource> {
  const source = natsSource(
    {
      ...(settings.servers ? { servers: settings.servers } : {}),
      ...(settings.user !== undefined ? { user: settings.user } : {}),
      ...(settings.password !== undefined ? { password: settings.password } : {}),
      ...(settings.token !== undefined ? { token: settings.token } : {}),
      ...(settings.stream !== undefined ? { stream: settings.stream } : {}),
      ...(settings.subject !== undefined ? { subject: settings.subject } : {}),
      ...(settings.maxAgeMs !== undefined ? { maxAgeMs: settings.maxAgeMs } : {}),
      ...(settings.duplicateWindowMs !== undefined ? { duplicateWindowMs: settings.duplicateWindowMs } : {}),
      ...(settings.ackWaitMs !== undefined ? { ackWaitMs: settings.ackWaitMs } : {}),
      ...(settings.maxAckPending !== undefined ? { maxAckPending: settings.maxAckPending } : {}),
      ...(settings.batchSize !== undefined ? { batchSize: settings.batchSize } : {}),
      consumers: callbacks.map((callback) => ({ callback, durable: durableName(settings.consumerPrefix, callback) })),
    },
    { onWarning },
  );
  try {
    await source.start(sink);
  } catch (err) {
    await source.close?.();
    throw new HooklineError(ErrorCodes.LISTEN_FAILED, `nats: cannot start consuming from ${(settings.servers ?? ["nats://127.0.0.1:4222"]).map((server) => redactUrl(server)).join(", ")}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return source;
}

/** One line for the exit summary. */
export function natsWorkerSummary(source: NatsSource): string {
  const s = source.stats;
  return `nats: took ${s.taken} event(s) from the stream (${s.redelivered} redelivered), acknowledged ${s.acknowledged}, gave back ${s.returned} for redelivery, rejected ${s.rejected}`;
}

/**
 * The worker's sink: the current pipeline (a reload replaces it). The consumers are those of the
 * callbacks at start; an event of a callback a reload removed is refused, so the stream keeps it
 * for that callback's consumer rather than the pipeline settling it as wanted by no callback
 * (which would acknowledge it, unsent).
 */
export function natsSink(generations: { readonly current: Pipeline }): SourceSink {
  return {
    offer(events, options) {
      const pipeline = generations.current;
      const orphan = events.find((event) => event.callback !== undefined && !pipeline.callbackNames.includes(event.callback));
      if (orphan !== undefined) return { accepted: false, callback: orphan.callback!, retryAfterMs: 30_000 };
      return pipeline.offer(events, options);
    },
    sync: () => generations.current.sync(),
  };
}
