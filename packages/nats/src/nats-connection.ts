import { connect, type NatsConnection } from "@nats-io/transport-node";

/** Where a NATS server is and how to log in: what the exporter and the source share. */
export interface NatsConnectionOptions {
  /**
   * Server URLs (`nats://host:port`); the client discovers the rest of a cluster from them.
   * @default ["nats://127.0.0.1:4222"]
   */
  readonly servers?: readonly string[];
  /** User name, with `password`. */
  readonly user?: string;
  /** Password, with `user`. A secret: never printed. */
  readonly password?: string;
  /** Authentication token. A secret: never printed. */
  readonly token?: string;
  /**
   * Connection name the server shows in its monitoring.
   * @default "hookline"
   */
  readonly name?: string;
}

/** The server list when none is given. */
export const DEFAULT_SERVERS: readonly string[] = ["nats://127.0.0.1:4222"];

/**
 * Connects with reconnection for ever: a server restart or a network blip must not end a
 * receiver or a worker; what is unacknowledged meanwhile is retried (publish) or redelivered.
 */
export async function connectNats(options: NatsConnectionOptions): Promise<NatsConnection> {
  return connect({
    servers: [...(options.servers ?? DEFAULT_SERVERS)],
    name: options.name ?? "hookline",
    ...(options.user !== undefined ? { user: options.user } : {}),
    ...(options.password !== undefined ? { pass: options.password } : {}),
    ...(options.token !== undefined ? { token: options.token } : {}),
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    waitOnFirstConnect: false,
    timeout: 5_000,
  });
}

/** An error's message without anything from the options (the client's messages carry no credentials). */
export function natsErrorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
