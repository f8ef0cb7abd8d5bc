import { AckPolicy, DeliverPolicy, type JetStreamManager } from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";

/** What a callback's durable consumer is made with. */
export interface NatsConsumerSettings {
  readonly stream: string;
  readonly durable: string;
  readonly subject: string;
  readonly ackWaitMs: number;
  readonly maxAckPending: number;
}

function isNotFound(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === 10014;
}

/**
 * Makes sure a callback's durable pull consumer exists with these limits: created (from the
 * stream's first event) when missing, updated when its `ack_wait` or `max_ack_pending` differ. Every
 * worker of the callback binds to the same consumer, so the stream hands each event to one of them.
 */
export async function ensureConsumer(jsm: JetStreamManager, settings: NatsConsumerSettings): Promise<void> {
  const wanted = { ack_wait: nanos(settings.ackWaitMs), max_ack_pending: settings.maxAckPending };
  let info;
  try {
    info = await jsm.consumers.info(settings.stream, settings.durable);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  if (info !== undefined) {
    if (info.config.ack_wait !== wanted.ack_wait || info.config.max_ack_pending !== wanted.max_ack_pending) {
      await jsm.consumers.update(settings.stream, settings.durable, wanted);
    }
    return;
  }
  try {
    await jsm.consumers.add(settings.stream, {
      durable_name: settings.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: settings.subject,
      ...wanted,
    });
  } catch (err) {
    // Another worker starting at the same time may have created it first.
    await jsm.consumers.info(settings.stream, settings.durable).catch(() => Promise.reject(err));
  }
}
