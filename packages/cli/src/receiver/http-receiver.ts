import { isAscii } from "node:buffer";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Readable, Transform } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { ChunkedBytes, type Pipeline } from "@hookline/core";
import { parseLogBody } from "./parse-log-body.js";

/** The path LiteLLM's own replay endpoint uses, and the one hookline receives on. */
export const LOGS_PATH = "/v1/callbacks/logs";

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
  /** Extra GET routes (`/metrics`, `/health`), answered by the given handlers. */
  readonly routes?: Readonly<Record<string, (res: ServerResponse) => void | Promise<void>>>;
}

/** Counters of the receiver itself. */
export interface ReceiverStats {
  requests: number;
  acceptedEvents: number;
  rejectedEvents: number;
  malformedBodies: number;
  refusedBodies: number;
  /** Bodies answered 503 because a spool could not write their events. */
  storageFailedBodies: number;
}

/** A running receiver. */
export interface Receiver {
  /** `http://host:port`. */
  readonly url: string;
  readonly port: number;
  readonly stats: ReceiverStats;
  /** Stops accepting connections and waits for open requests to finish. */
  close(): Promise<void>;
}

/**
 * Starts the HTTP receiver: `POST /v1/callbacks/logs` takes what LiteLLM's generic_api sends (a
 * JSON array, NDJSON or one object) and pushes the events into the pipeline. It answers 200
 * once they are accepted, 400 for a malformed body, 413 for one too large, and 503 with
 * `Retry-After` when a callback cannot take more, so the sender retries.
 */
export async function startReceiver(pipeline: Pipeline, options: ReceiverOptions): Promise<Receiver> {
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024 * 1024;
  const stats: ReceiverStats = { requests: 0, acceptedEvents: 0, rejectedEvents: 0, malformedBodies: 0, refusedBodies: 0, storageFailedBodies: 0 };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) reply(res, 500, { error: `internal error: ${err instanceof Error ? err.message : String(err)}` });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;

  let closing = false;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // Once closing, every answer closes its connection, so a client holding a kept-alive
    // connection cannot keep the receiver (and the drain behind it) open.
    if (closing) res.setHeader("Connection", "close");
    const path = (req.url ?? "/").split("?")[0]!;
    const route = options.routes?.[path];
    if (req.method === "GET" && route) return route(res);
    if (path !== LOGS_PATH) return reply(res, 404, { error: `not found; POST logs to ${LOGS_PATH}` });
    if (req.method !== "POST") {
      res.setHeader("Allow", "POST");
      return reply(res, 405, { error: `method ${req.method} not allowed; use POST` });
    }
    stats.requests += 1;
    if (closing) {
      req.resume();
      res.setHeader("Retry-After", "1");
      return reply(res, 503, { error: "hookline is shutting down; retry later" });
    }
    const body = await readBody(req, maxBodyBytes);
    if ("error" in body) {
      stats.malformedBodies += 1;
      return reply(res, body.status, { error: body.error });
    }
    const parsed = parseLogBody(body.body);
    if ("error" in parsed) {
      stats.malformedBodies += 1;
      return reply(res, 400, { error: parsed.error });
    }
    stats.rejectedEvents += parsed.rejected.length;
    // While a spool cannot write, bodies are refused before they are taken (not after), so the
    // sender's retry does not deliver them twice.
    const offered = pipeline.offer(parsed.events, { durable: true });
    if (!offered.accepted) {
      res.setHeader("Retry-After", String(Math.max(1, Math.ceil(offered.retryAfterMs / 1000))));
      if (offered.storageError !== undefined) {
        stats.storageFailedBodies += 1;
        return reply(res, 503, { error: `callback ${offered.callback} cannot write its spool (${offered.storageError}); retry later` });
      }
      stats.refusedBodies += 1;
      return reply(res, 503, { error: `callback ${offered.callback} is full; retry later` });
    }
    // With a spool, "accepted" means on disk: answer only after the write is synced. When the
    // write fails the body is not acknowledged: its events are still delivered from memory, and
    // the sender's retry may deliver them again (at least once).
    try {
      await pipeline.sync();
    } catch (err) {
      stats.storageFailedBodies += 1;
      res.setHeader("Retry-After", "1");
      return reply(res, 503, { error: `${err instanceof Error ? err.message : String(err)}; the events were not made durable; retry later` });
    }
    stats.acceptedEvents += parsed.events.length;
    if (closing) res.setHeader("Connection", "close");
    reply(res, 200, { accepted: parsed.events.length, rejected: parsed.rejected });
  };

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

/**
 * The request's body, through `decoder` when given, as the chunks it came in. Listens for the
 * stream's events rather than iterating it: an async iterator per request cost about 40 µs of
 * CPU, a tenth of the relay's work on a 100-event body.
 */
function collect(req: IncomingMessage, decoder: Transform | undefined, maxBytes: number): Promise<{ chunks: Buffer[]; size: number } | { status: number; error: string }> {
  return new Promise((resolve) => {
    const stream: Readable = decoder ? req.pipe(decoder) : req;
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: { chunks: Buffer[]; size: number } | { status: number; error: string }): void => {
      if (settled) return;
      settled = true;
      stream.off("data", onData);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      settle({ status: 413, error: `body is larger than the limit of ${maxBytes} bytes` });
      // The rest of the body is read and dropped, so the answer can still be sent.
      if (decoder) {
        req.unpipe(decoder);
        decoder.destroy();
      }
      req.resume();
    };
    stream.on("data", onData);
    stream.once("end", () => settle({ chunks, size }));
    stream.on("error", (err: Error) => settle({ status: 400, error: `could not read body: ${err.message}` }));
    stream.once("close", () => settle({ status: 400, error: "could not read body: the connection closed before the body ended" }));
    if (decoder) req.on("error", (err: Error) => settle({ status: 400, error: `could not read body: ${err.message}` }));
  });
}

/**
 * The request body, decompressed: an ASCII body (what LiteLLM sends) as the chunks it arrived
 * in, which `parseLogBody` reads without decoding them into one string and whose events forward
 * their bytes as they are; any other body as text.
 */
async function readBody(req: IncomingMessage, maxBytes: number): Promise<{ body: string | ChunkedBytes } | { status: number; error: string }> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > maxBytes) {
    req.resume();
    return { status: 413, error: `body of ${declared} bytes is larger than the limit of ${maxBytes}` };
  }
  const encoding = String(req.headers["content-encoding"] ?? "identity").toLowerCase();
  const decoder = encoding === "gzip" ? createGunzip() : encoding === "deflate" ? createInflate() : encoding === "br" ? createBrotliDecompress() : undefined;
  if (!decoder && encoding !== "identity") {
    req.resume();
    return { status: 415, error: `unsupported Content-Encoding ${encoding}; use gzip, deflate, br or none` };
  }
  const read = await collect(req, decoder, maxBytes);
  if ("error" in read) return read;
  const { chunks, size } = read;
  // An ASCII body stays in the chunks it arrived in: a copy into one buffer would be more memory
  // outside V8's heap, which V8 answers with full collections.
  if (chunks.every((chunk) => isAscii(chunk))) return { body: new ChunkedBytes(chunks) };
  return { body: (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)).toString("utf8") };
}
