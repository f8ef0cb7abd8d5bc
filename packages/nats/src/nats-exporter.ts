import { defineExporter, Type, type ExporterDefinition, type ExportResult, type Exporter, type Static } from "@hookline/core";
import { jetstream, type JetStreamClient } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { connectNats, natsErrorText, type NatsConnectionOptions } from "./nats-connection.js";
import { ensureStream, STREAM_DEFAULTS, type NatsStreamOptions } from "./nats-stream.js";
import { messageId } from "./message-id.js";
import { splitEvents } from "./split-events.js";

/** Options of {@link natsExporter}. */
export interface NatsExporterOptions extends NatsConnectionOptions, NatsStreamOptions {
  /**
   * Longest wait for the stream's acknowledgement of one publish, in ms.
   * @default 10000
   */
  readonly timeoutMs?: number;
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
    timeoutMs: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

/**
 * Creates an exporter that publishes each event of a body (made by the `ndjson` or `single`
 * formatter) to a JetStream subject, as its original bytes, and reports success only once the
 * stream acknowledged every one. Each publish carries a message id derived from the event's
 * bytes, so a retried body is not stored twice.
 *
 * @example
 * ```ts
 * const exporter = natsExporter({ servers: ["nats://127.0.0.1:4222"], stream: "HOOKLINE", subject: "hookline.events" });
 * const pipeline = createPipeline({ callbacks: [{ name: "jetstream", formatter: ndjson(), exporter, flushIntervalMs: 20 }] });
 * ```
 */
export function natsExporter(options: NatsExporterOptions = {}): Exporter {
  const subject = options.subject ?? STREAM_DEFAULTS.subject;
  const stream = options.stream ?? STREAM_DEFAULTS.stream;
  const timeout = options.timeoutMs ?? 10_000;
  let connecting: Promise<{ nc: NatsConnection; js: JetStreamClient }> | undefined;
  let closed = false;

  const client = (): Promise<{ nc: NatsConnection; js: JetStreamClient }> => {
    connecting ??= (async () => {
      const nc = await connectNats(options);
      try {
        await ensureStream(nc, options);
      } catch (err) {
        await nc.close().catch(() => undefined);
        throw err;
      }
      return { nc, js: jetstream(nc, { timeout }) };
    })();
    // A failed connection is tried again by the next attempt, not remembered.
    connecting.catch(() => (connecting = undefined));
    return connecting;
  };

  return {
    specificationVersion: 1,
    type: "nats",
    async export(request, { signal }): Promise<ExportResult> {
      const events = splitEvents(request.body, request.contentType, request.eventCount);
      if (events === undefined) {
        return { kind: "failure", reason: `the nats exporter publishes events one by one and needs log_format ndjson or single (got a ${request.contentType} body)` };
      }
      if (closed) return { kind: "retryable", reason: "the nats exporter is closed" };
      let js: JetStreamClient;
      try {
        ({ js } = await client());
      } catch (err) {
        return { kind: "retryable", reason: `cannot reach NATS: ${natsErrorText(err)}` };
      }
      const aborted = new Promise<"aborted">((resolve) => {
        if (signal.aborted) resolve("aborted");
        signal.addEventListener("abort", () => resolve("aborted"), { once: true });
      });
      const publishes = events.map((event) => js.publish(subject, event, { msgID: messageId(event), expect: { streamName: stream }, timeout }));
      const settled = await Promise.race([Promise.allSettled(publishes), aborted]);
      if (settled === "aborted") return { kind: "retryable", reason: "aborted before JetStream acknowledged every event" };
      const failed = settled.filter((result): result is PromiseRejectedResult => result.status === "rejected");
      if (failed.length === 0) return { kind: "success" };
      // Published again as a whole: the stream drops the ones it already has by their message ids.
      return { kind: "retryable", reason: `JetStream did not acknowledge ${failed.length} of ${events.length} event(s): ${natsErrorText(failed[0]!.reason)}` };
    },
    async close() {
      closed = true;
      const pending = connecting;
      connecting = undefined;
      if (!pending) return;
      const connection = await pending.catch(() => undefined);
      await connection?.nc.drain().catch(() => undefined);
    },
  };
}

/** The `nats` exporter's definition, for registries. */
export const natsExporterDefinition: ExporterDefinition<Static<typeof optionsSchema>> = defineExporter({
  type: "nats",
  description: "publishes each event to a NATS JetStream subject; delivered once the stream acknowledged it",
  options: optionsSchema,
  create: (options) => natsExporter(options),
});
