import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { EventOutcome, LogEvent, Pipeline } from "@hookline/core";
import { bearerAuth } from "./bearer-auth.js";
import { guardConnections } from "./connection-guard.js";
import { defaultMaxConnections, openFileLimit } from "./fd-limit.js";
import { loopProblem, newInstanceId, readVia, VIA_HEADER } from "./hop-header.js";
import { listenServer } from "./listen-server.js";
import { parseLogBody } from "./parse-log-body.js";
import { readBody } from "./read-body.js";
import type { ReceiverOptions } from "./receiver-options.js";
import { receiverStats, type ReceiverStats } from "./receiver-stats.js";
import { reply, replyAndClose } from "./reply.js";

export type { ReceiverOptions, ReceiverRoute } from "./receiver-options.js";
export type { ReceiverStats } from "./receiver-stats.js";

/** Outcomes after which an event is safe without this process: delivered, or kept in dead letters. */
const ACKNOWLEDGED: ReadonlySet<EventOutcome> = new Set(["delivered", "filtered", "dead_lettered"]);

/** Sets each event's `settle` hook; resolves with their outcomes once all have one. */
function outcomesOf(events: readonly LogEvent[]): Promise<EventOutcome[]> {
  return Promise.all(events.map((event) => new Promise<EventOutcome>((resolve) => (event.settle = resolve))));
}

/** The path LiteLLM's own replay endpoint uses, and the one hookline receives on (a trailing slash is accepted too). */
export const LOGS_PATH = "/v1/callbacks/logs";

/** A running receiver. */
export interface Receiver {
  /** `http://host:port`. */
  readonly url: string;
  readonly port: number;
  readonly stats: ReceiverStats;
  /** This process's id in `X-Hookline-Via`. */
  readonly instanceId: string;
  /**
   * Sends the events of requests from now on into `next`. A promise holds them (their bodies
   * read, no answer yet) until it settles: a reload that must close the old pipeline's files
   * before the new one opens them. A rejected promise answers them 503.
   */
  use(next: Pipeline | Promise<Pipeline>): void;
  /** Replaces the bearer token (a reload); undefined turns authentication off. */
  setAuthToken(token: string | undefined): void;
  /** Stops accepting connections and waits for open requests to finish. */
  close(): Promise<void>;
}

/**
 * Starts the HTTP receiver: `POST /v1/callbacks/logs` takes what LiteLLM's generic_api sends (a
 * JSON array, NDJSON or one object) and pushes the events into the pipeline. It answers 200
 * once they are accepted, 400 for a malformed body, 401 without the token, 413 for one too
 * large, 508 for a request that looped back, and 503 with `Retry-After` when a callback cannot
 * take more, so the sender retries.
 *
 * @throws HooklineError `ERR_LISTEN_FAILED` when it cannot listen (port in use, unknown host).
 */
export async function startReceiver(pipeline: Pipeline, options: ReceiverOptions): Promise<Receiver> {
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024 * 1024;
  const instanceId = options.instanceId ?? newInstanceId();
  const requestTimeout = options.requestTimeoutMs ?? 60_000;
  const headersTimeout = Math.min(options.headersTimeoutMs ?? 10_000, requestTimeout);
  const idleTimeout = options.idleTimeoutMs ?? 5_000;
  let target: Pipeline | Promise<Pipeline> = pipeline;
  let authorized = options.authToken === undefined ? undefined : bearerAuth(options.authToken);

  const server: Server = createServer(
    {
      headersTimeout,
      requestTimeout,
      // How often Node looks for connections past those timeouts.
      connectionsCheckingInterval: Math.max(25, Math.min(1000, Math.floor(headersTimeout / 4))),
    },
    (req, res) => {
      handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) reply(res, 500, { error: `internal error: ${err instanceof Error ? err.message : String(err)}` });
        else res.destroy();
      });
    },
  );
  server.keepAliveTimeout = idleTimeout;
  const connections = guardConnections(server, { maxConnections: options.maxConnections ?? defaultMaxConnections(openFileLimit()) });
  const stats = receiverStats(connections);
  const routes = new Map(
    Object.entries(options.routes ?? {}).map(([path, route]) => [path, typeof route === "function" ? { handle: route, authenticated: true } : route]),
  );

  let closing = false;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // Once closing, every answer closes its connection, so a client holding a kept-alive
    // connection cannot keep the receiver (and the drain behind it) open.
    if (closing) res.setHeader("Connection", "close");
    const path = normalizePath(req.url);
    const route = routes.get(path);
    if (req.method === "GET" && route) {
      if (route.authenticated !== false && !checkAuth(req, res, false)) return;
      return route.handle(res);
    }
    if (path !== LOGS_PATH) return reply(res, 404, { error: `not found; POST logs to ${LOGS_PATH}` });
    if (req.method !== "POST") {
      res.setHeader("Allow", "POST");
      return reply(res, 405, { error: `method ${req.method} not allowed; use POST` });
    }
    stats.requests += 1;
    if (!checkAuth(req, res, true)) return;
    if (closing) {
      res.setHeader("Retry-After", "1");
      return replyAndClose(res, 503, { error: "hookline is shutting down; retry later" });
    }
    const via = readVia(req.headers[VIA_HEADER]);
    const loop = loopProblem(via, instanceId);
    if (loop !== undefined) {
      stats.loops += 1;
      // As text: a sender's exporter then puts the reason in the dead letter (it keeps text/plain answers).
      return replyAndClose(res, 508, loop);
    }
    const body = await readBody(req, maxBodyBytes);
    if ("error" in body) {
      stats.malformedBodies += 1;
      return body.close ? replyAndClose(res, body.status, { error: body.error }) : reply(res, body.status, { error: body.error });
    }
    const parsed = parseLogBody(body.body);
    if ("error" in parsed) {
      stats.malformedBodies += 1;
      return reply(res, 400, { error: parsed.error });
    }
    const rejected = parsed.rejected.map(({ index, reason }) => ({ index, reason }));
    if (parsed.rejected.length > 0 && options.deadLetters === undefined) {
      // A 200 would claim these elements were taken: without dead letters they cannot be kept.
      stats.rejectedBodies += 1;
      stats.rejectedEvents += parsed.rejected.length;
      return reply(res, 400, {
        error: `${parsed.rejected.length} element(s) are not valid payloads and sources.http.dead_letter_path is not set to keep them; nothing of this body was taken`,
        rejected,
      });
    }
    // Events held during a reload wait for the pipeline that takes them.
    while (target instanceof Promise) {
      const awaited = target;
      try {
        await awaited;
      } catch {
        res.setHeader("Retry-After", "1");
        return reply(res, 503, { error: "hookline could not load its configuration; retry later" });
      }
      if (target === awaited) target = await awaited;
    }
    // Requests carrying these events carry the list on, with this instance last.
    const stamp = [...via, instanceId];
    for (const event of parsed.events) event.via = stamp;
    const outcomes = options.answerAfterSettlement?.() ? outcomesOf(parsed.events) : undefined;
    const into = target;
    // While a spool cannot write, bodies are refused before they are taken (not after), so the
    // sender's retry does not deliver them twice.
    const offered = into.offer(parsed.events, { durable: true });
    if (!offered.accepted) {
      res.setHeader("Retry-After", String(Math.max(1, Math.ceil(offered.retryAfterMs / 1000))));
      if (offered.storageError !== undefined) {
        stats.storageFailedBodies += 1;
        return reply(res, 503, { error: `callback ${offered.callback} cannot write its spool (${offered.storageError}); retry later` });
      }
      stats.refusedBodies += 1;
      return reply(res, 503, { error: `callback ${offered.callback} is full; retry later` });
    }
    if (parsed.rejected.length > 0) {
      stats.rejectedEvents += parsed.rejected.length;
      try {
        await options.deadLetters!.write(parsed.rejected);
      } catch (err) {
        // The valid events are taken; the rejected ones could not be kept: not a success.
        return reply(res, 500, { error: `could not keep ${parsed.rejected.length} rejected element(s) in the dead letters: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, accepted: parsed.events.length, rejected });
      }
      stats.deadLetteredEvents += parsed.rejected.length;
    }
    // With a spool, "accepted" means on disk: answer only after the write is synced. When the
    // write fails the body is not acknowledged: its events are still delivered from memory, and
    // the sender's retry may deliver them again (at least once).
    try {
      await into.sync();
    } catch (err) {
      stats.storageFailedBodies += 1;
      res.setHeader("Retry-After", "1");
      return reply(res, 503, { error: `${err instanceof Error ? err.message : String(err)}; the events were not made durable; retry later` });
    }
    if (outcomes !== undefined) {
      // Cut the batches now rather than after a flush interval: the sender is waiting.
      into.flush().catch(() => undefined);
      const unsettled = (await outcomes).filter((outcome) => !ACKNOWLEDGED.has(outcome));
      if (unsettled.length > 0) {
        stats.unsettledBodies += 1;
        res.setHeader("Retry-After", "1");
        return reply(res, 503, { error: `${unsettled.length} of ${parsed.events.length} event(s) were not delivered (${[...new Set(unsettled)].join(", ")}); retry later` });
      }
    }
    stats.acceptedEvents += parsed.events.length;
    stats.repairedEvents += parsed.repaired.length;
    if (closing) res.setHeader("Connection", "close");
    reply(res, 200, {
      accepted: parsed.events.length,
      rejected,
      ...(parsed.rejected.length > 0 ? { dead_lettered: parsed.rejected.length } : {}),
      ...(parsed.repaired.length > 0 ? { repaired: parsed.repaired } : {}),
    });
  };

  /** True when the request may go on; else it is answered 401 (a POST counted in `unauthorized`). */
  const checkAuth = (req: IncomingMessage, res: ServerResponse, isPost: boolean): boolean => {
    if (authorized === undefined || authorized(req.headers.authorization)) return true;
    if (isPost) stats.unauthorized += 1;
    res.setHeader("WWW-Authenticate", 'Bearer realm="hookline"');
    replyAndClose(res, 401, { error: "missing or wrong bearer token (Authorization: Bearer <sources.http.auth_token>)" });
    return false;
  };

  await listenServer(server, options.port, options.host ?? "127.0.0.1");
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    stats,
    instanceId,
    use(next) {
      target = next;
    },
    setAuthToken(token) {
      authorized = token === undefined ? undefined : bearerAuth(token);
    },
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

/** The path without its query string and trailing slashes (`/v1/callbacks/logs/` is the logs path). */
function normalizePath(url: string | undefined): string {
  const path = (url ?? "/").split("?")[0]!;
  const trimmed = path.replace(/\/+$/, "");
  return trimmed === "" ? "/" : trimmed;
}
