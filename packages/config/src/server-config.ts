/**
 * The HTTP receiver of `hookline run` as `sources.http` describes it, resolved: environment
 * references substituted, defaults applied where hookline has one. Durations in ms.
 */
export interface ServerConfig {
  /** @default "127.0.0.1" */
  readonly host: string;
  /** @default 4400 */
  readonly port: number;
  /** Bearer token the receiver requires (`Authorization: Bearer <token>`). A secret: never print it. */
  readonly authToken?: string;
  /** Listening on a non-loopback host without `authToken` is allowed. @default false */
  readonly allowUnauthenticated?: boolean;
  /** File the receiver writes rejected elements to (relative paths: from the config's directory). */
  readonly deadLetterPath?: string;
  /** Most connections open at once; absent: derived from the process's file-descriptor limit. */
  readonly maxConnections?: number;
  /** Largest request body, in bytes after decompression. @default 67108864 */
  readonly maxBodyBytes?: number;
  /** Longest time to receive a request's headers (a new connection: from when it opened). @default 10000 */
  readonly headersTimeoutMs?: number;
  /** Longest time to receive a whole request (headers and body). @default 60000 */
  readonly requestTimeoutMs?: number;
  /** Longest time a kept-alive connection may stay open without a request. @default 5000 */
  readonly idleTimeoutMs?: number;
}
