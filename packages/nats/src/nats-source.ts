import { defineSource, readPayloadJson, Type, type EventOutcome, type LogEvent, type Source, type SourceContext, type SourceDefinition, type SourceSink, type Static } from "@hookline/core";
import { jetstream, type ConsumerMessages, type JsMsg } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { connectNats, natsErrorText, type NatsConnectionOptions } from "./nats-connection.js";
import { ensureConsumer } from "./nats-consumer.js";
import { ensureStream, STREAM_DEFAULTS, type NatsStreamOptions } from "./nats-stream.js";

/** One callback's consumer: events taken from it go to that callback alone. */
export interface NatsSourceConsumer {
  /** The callback that takes this consumer's events. */
  readonly callback: string;
  /** The durable consumer's name, the same in every worker of the callback. */
  readonly durable: string;
}

/** Options of {@link natsSource}. */
export interface NatsSourceOptions extends NatsConnectionOptions, NatsStreamOptions {
  /** One durable consumer per callback. */
  readonly consumers: readonly NatsSourceConsumer[];
  /**
   * How long the stream waits for an event's acknowledgement before it hands the event to another
   * worker, in ms. A worker that still holds an event tells the stream so every third of it, so
   * only a worker that died (or lost its connection) lets it run out.
   * @default 30000
   */
  readonly ackWaitMs?: number;
  /**
   * Most events a consumer has handed out and not had acknowledged, across all its workers: the
   * backpressure. A worker holds at most this many events of a callback in memory.
   * @default 1000
   */
  readonly maxAckPending?: number;
  /**
   * Events a worker asks for in one pull request.
   * @default 100
   */
  readonly batchSize?: number;
}

/** What a nats source has done, for its process's summary. */
export interface NatsSourceStats {
  /** Messages taken from the stream (each delivery counted). */
  taken: number;
  /** Of those, deliveries the stream made again (an earlier delivery was not acknowledged in time). */
  redelivered: number;
  /** Acknowledged: delivered, filtered or in the callback's dead letters. */
  acknowledged: number;
  /** Given back for redelivery: refused (queue full), dropped, aborted or failed without dead letters. */
  returned: number;
  /** Not a payload: terminated (kept in the stream, never redelivered), with a warning. */
  rejected: number;
}

/** A nats source with its counters. */
export interface NatsSource extends Source {
  readonly stats: Readonly<NatsSourceStats>;
}

const optionsSchema = Type.Object(
  {
    servers: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })),
    user: Type.Optional(Type.String()),
    password: Type.Optional(Type.String()),
    token: Type.Optional(Type.String()),
    name: Type.Optional(Type.String()),
    stream: Type.Optional(Type.String({ minLength: 1 })),
    subject: Type.Optional(Type.String({ minLength: 1 })),
    maxAgeMs: Type.Optional(Type.Integer({ minimum: 1 })),
    duplicateWindowMs: Type.Optional(Type.Integer({ minimum: 1 })),
    consumers: Type.Array(Type.Object({ callback: Type.String({ minLength: 1 }), durable: Type.String({ minLength: 1 }) }, { additionalProperties: false }), { minItems: 1 }),
    ackWaitMs: Type.Optional(Type.Integer({ minimum: 1000 })),
    maxAckPending: Type.Optional(Type.Integer({ minimum: 1 })),
    batchSize: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

/**
 * Creates a source that takes events from a JetStream stream through one durable pull consumer
 * per callback, and acknowledges each event only once it settled: delivered, filtered, or
 * written to the callback's dead letters. Anything else (refused, dropped, aborted, failed
 * without dead letters) is given back (`nak`) and redelivered, to this worker or another one.
 *
 * @example
 * ```ts
 * const source = natsSource({ consumers: [{ callback: "my_api", durable: "hookline_my_api" }] });
 * await source.start(pipeline);
 * // ... at exit
 * await source.stop();
 * await pipeline.shutdown({ deadlineMs: 10_000 });
 * await source.close?.();
 * ```
 */
export function natsSource(options: NatsSourceOptions, context: SourceContext = {}): NatsSource {
  const stream = options.stream ?? STREAM_DEFAULTS.stream;
  const subject = options.subject ?? STREAM_DEFAULTS.subject;
  const ackWaitMs = options.ackWaitMs ?? 30_000;
  const maxAckPending = options.maxAckPending ?? 1000;
  const batchSize = options.batchSize ?? 100;
  const stats: NatsSourceStats = { taken: 0, redelivered: 0, acknowledged: 0, returned: 0, rejected: 0 };
  const held = new Set<JsMsg>();
  const iterators: ConsumerMessages[] = [];
  const loops: Promise<void>[] = [];
  let nc: NatsConnection | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  const warn = context.onWarning ?? ((message: string) => process.emitWarning(message));

  // The connection may be closed when a late event settles; the stream redelivers it then.
  const safely = (action: () => void): void => {
    try {
      action();
    } catch {
      // nothing to do: without an acknowledgement the stream hands the event out again
    }
  };

  const settle = (message: JsMsg, outcome: EventOutcome): void => {
    held.delete(message);
    if (outcome === "delivered" || outcome === "filtered" || outcome === "dead_lettered") {
      stats.acknowledged += 1;
      safely(() => message.ack());
      return;
    }
    stats.returned += 1;
    // A failure without dead letters would fail again at once: wait an ack_wait before the next try.
    safely(() => message.nak(outcome === "failed" ? ackWaitMs : 1000));
  };

  const take = (message: JsMsg, callback: string, sink: SourceSink): void => {
    stats.taken += 1;
    if (message.redelivered) stats.redelivered += 1;
    // A copy: the event keeps its bytes for as long as the callback holds it.
    const bytes = Buffer.from(message.data);
    const read = readPayloadJson(bytes.toString("utf8"), bytes);
    if ("malformed" in read || "rejected" in read) {
      stats.rejected += 1;
      const reason = "malformed" in read ? read.malformed : read.rejected;
      warn(`nats: message ${message.seq} of stream ${stream} is not a payload (${reason}); terminated, it stays in the stream`);
      safely(() => message.term(reason));
      return;
    }
    const event = read.event as LogEvent & { callback?: string };
    event.callback = callback;
    event.settle = (outcome) => settle(message, outcome);
    held.add(message);
    const offered = sink.offer([event]);
    if (!offered.accepted) {
      held.delete(message);
      event.settle = undefined;
      stats.returned += 1;
      safely(() => message.nak(offered.retryAfterMs));
    }
  };

  const run = async (messages: ConsumerMessages, callback: string, sink: SourceSink): Promise<void> => {
    try {
      for await (const message of messages) take(message, callback, sink);
    } catch (err) {
      warn(`nats: consumer of callback ${callback} stopped: ${natsErrorText(err)}`);
    }
  };

  return {
    specificationVersion: 1,
    type: "nats",
    get stats() {
      return stats;
    },
    async start(sink) {
      nc = await connectNats(options);
      const jsm = await ensureStream(nc, options);
      const js = jetstream(nc);
      for (const { callback, durable } of options.consumers) {
        await ensureConsumer(jsm, { stream, durable, subject, ackWaitMs, maxAckPending });
        const consumer = await js.consumers.get(stream, durable);
        const messages = await consumer.consume({ max_messages: batchSize });
        iterators.push(messages);
        loops.push(run(messages, callback, sink));
      }
      // Events still being delivered (a slow endpoint, retries) keep their place: no redelivery to
      // another worker while this one is alive and holds them.
      timer = setInterval(() => {
        for (const message of held) safely(() => message.working());
      }, Math.max(500, Math.floor(ackWaitMs / 3)));
      timer.unref();
    },
    async stop() {
      // Messages pulled but not yet taken are never acknowledged: the stream redelivers them.
      await Promise.all(iterators.map((messages) => messages.close().catch(() => undefined)));
      await Promise.all(loops);
    },
    async close() {
      clearInterval(timer);
      const connection = nc;
      nc = undefined;
      // Drain sends the acknowledgements still buffered before it closes.
      await connection?.drain().catch(() => undefined);
    },
  };
}

/** The `nats` source's definition, for registries. */
export const natsSourceDefinition: SourceDefinition<Static<typeof optionsSchema>> = defineSource({
  type: "nats",
  description: "takes events from a NATS JetStream stream through a durable pull consumer per callback; acknowledges each once it settled",
  options: optionsSchema,
  create: (options, context) => natsSource(options, context),
});
