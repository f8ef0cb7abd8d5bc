import type { ServerResponse } from "node:http";
import type { ReceiverDeadLetters } from "./receiver-dead-letters.js";

/** A GET route of the receiver. */
export interface ReceiverRoute {
  readonly handle: (res: ServerResponse) => void | Promise<void>;
  /** Needs the bearer token when the receiver has one. @default true */
  readonly authenticated?: boolean;
}

/** Options of {@link startReceiver}. */
export interface ReceiverOptions {
  /** @default "127.0.0.1" */
  readonly host?: string;
  /** `0` picks a free port. */
  readonly port: number;
  /**
   * Largest request body, in bytes (after decompression); larger bodies get a 413.
   * @default 67108864
   */
  readonly maxBodyBytes?: number;
  /** Extra GET routes (`/metrics`, `/health`): a handler, or a {@link ReceiverRoute}. A bare handler needs the token. */
  readonly routes?: Readonly<Record<string, ReceiverRoute | ((res: ServerResponse) => void | Promise<void>)>>;
  /** Bearer token required on POSTs and authenticated routes; none: no authentication. A secret, never printed. */
  readonly authToken?: string;
  /**
   * Where rejected elements are kept. Without it, a body with a rejected element is refused
   * whole (400), since a 200 must mean every element is delivered or kept.
   */
  readonly deadLetters?: ReceiverDeadLetters;
  /** This process's id in `X-Hookline-Via`. @default a random id */
  readonly instanceId?: string;
  /** Most connections open at once. @default half the file-descriptor limit, 16 to 4096 */
  readonly maxConnections?: number;
  /** Longest time from a connection (or the previous request) to a request's complete headers. @default 10000 */
  readonly headersTimeoutMs?: number;
  /** Longest time to receive a whole request. @default 60000 */
  readonly requestTimeoutMs?: number;
  /** A kept-alive connection without a request is closed after this long. @default 5000 */
  readonly idleTimeoutMs?: number;
  /**
   * Asked for each body: when true, the answer waits until every event of the body settled in
   * the callbacks (batches are cut at once), and is 200 only if each was delivered, filtered or
   * dead-lettered; else 503, so the sender retries. `hookline run` turns it on when a callback
   * uses the `nats` exporter: then 200 means the stream holds the events, not this process.
   * @default () => false
   */
  readonly answerAfterSettlement?: () => boolean;
}
