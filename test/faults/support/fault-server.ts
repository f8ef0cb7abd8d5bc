/**
 * A scriptable HTTP endpoint for fault injection: it records every request (with the event ids
 * its body carries), how it was answered (a status, or a reset connection), and how many
 * requests were in flight when each one started, and it answers as a script says: any status
 * and headers, after a delay or a gate, or by destroying the socket after reading the body.
 *
 * Unlike test/support/capture-server.ts it can listen on a given port (to "bring an endpoint
 * back" on a port that refused connections before) and it knows which ids were acknowledged
 * with a 2xx, which is what "delivered" means in the accounting identity.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { decodeBody } from "../../support/capture-server.js";
import { waitFor } from "../../support/wait-for.js";

/** One request, as the endpoint saw it. */
export interface FaultRequest {
  /** 0-based arrival order (by the time its headers arrived). */
  readonly index: number;
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** Body bytes as received (before decompression). */
  bodyBytes: number;
  /** Decoded body text. */
  text: string;
  /** The `id` of each payload in the body. */
  ids: string[];
  /** `Date.now()` when the headers arrived. */
  readonly startedAt: number;
  /** Global event sequence number when the headers arrived (ties broken, unlike wall time). */
  readonly startSeq: number;
  /** Requests in flight (headers received, no answer yet) when this one started, itself included. */
  readonly inFlightAtStart: number;
  /** `Date.now()` when the body had been read. */
  receivedAt: number;
  /** How it was answered: an HTTP status, `"reset"` (socket destroyed), or undefined while pending / never. */
  outcome: number | "reset" | undefined;
  /** `Date.now()` and sequence number of the answer. */
  answeredAt: number | undefined;
  answerSeq: number | undefined;
}

/** How to answer one request; everything left out means 200 `{}` at once. */
export interface FaultAction {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Answer after this many ms. */
  readonly delayMs?: number;
  /** Answer once this settles (after `delayMs`). */
  readonly gate?: Promise<unknown>;
  /** Destroy the connection instead of answering (after reading the body, delay and gate). */
  readonly reset?: boolean;
}

export type FaultScript = (request: FaultRequest) => FaultAction | undefined;

export interface FaultServerOptions {
  /** Port to listen on (127.0.0.1); 0 (default) picks one. */
  readonly port?: number;
  readonly respond?: FaultScript;
}

export interface FaultServer {
  readonly url: string;
  readonly port: number;
  readonly requests: readonly FaultRequest[];
  /** Requests started and not yet answered. */
  readonly inFlight: number;
  /** Replaces the script for requests arriving from now on. */
  respond(script: FaultScript): void;
  /** Ids acknowledged with a 2xx, with how many times each was. */
  deliveredCounts(): Map<string, number>;
  /** Ids that reached the endpoint in any request (answered or not), with how many times. */
  arrivalCounts(): Map<string, number>;
  /** Waits (bounded) until every id in `ids` has been acknowledged with a 2xx. */
  waitForDelivered(ids: Iterable<string>, timeoutMs?: number): Promise<void>;
  /** Stops listening and drops every connection (pending answers are never sent). */
  close(): Promise<void>;
}

/** A port that nothing listens on right now (briefly bound, then released). */
export async function reservePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The ids of the payloads in a body: a JSON array, NDJSON or one object. */
export function idsInBody(text: string): string[] {
  const idOf = (value: unknown): string[] =>
    typeof value === "object" && value !== null && typeof (value as { id?: unknown }).id === "string" ? [(value as { id: string }).id] : [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.flatMap(idOf) : idOf(value);
  } catch {
    return text
      .split("\n")
      .filter((line) => line.trim() !== "")
      .flatMap((line) => {
        try {
          return idOf(JSON.parse(line));
        } catch {
          return [];
        }
      });
  }
}

export async function startFaultServer(options: FaultServerOptions = {}): Promise<FaultServer> {
  const requests: FaultRequest[] = [];
  let script: FaultScript = options.respond ?? (() => undefined);
  let inFlight = 0;
  let seq = 0;
  let closed = false;
  const sockets = new Set<Socket>();

  const server: Server = createServer((req, res) => {
    inFlight += 1;
    const url = new URL(req.url ?? "/", "http://fault.invalid");
    const request: FaultRequest = {
      index: requests.length,
      method: req.method ?? "",
      path: url.pathname,
      headers: req.headers,
      bodyBytes: 0,
      text: "",
      ids: [],
      startedAt: Date.now(),
      startSeq: seq++,
      inFlightAtStart: inFlight,
      receivedAt: 0,
      outcome: undefined,
      answeredAt: undefined,
      answerSeq: undefined,
    };
    requests.push(request);
    let finished = false;
    const done = (outcome: number | "reset" | undefined): void => {
      if (finished) return;
      finished = true;
      inFlight -= 1;
      if (outcome !== undefined) {
        request.outcome = outcome;
        request.answeredAt = Date.now();
        request.answerSeq = seq++;
      }
    };
    // A client that goes away (aborted on its side) ends the request without an answer.
    res.on("close", () => done(undefined));

    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      request.bodyBytes = raw.length;
      request.receivedAt = Date.now();
      try {
        request.text = decodeBody(raw, req.headers["content-encoding"]);
        request.ids = idsInBody(request.text);
      } catch {
        request.text = "";
      }
      let action: FaultAction;
      try {
        action = script(request) ?? {};
      } catch (err) {
        action = { status: 500, body: JSON.stringify({ error: String(err) }) };
      }
      void (async () => {
        if (action.delayMs) await new Promise((resolve) => setTimeout(resolve, action.delayMs));
        if (action.gate) await action.gate.catch(() => {});
        if (closed || res.destroyed) return;
        if (action.reset) {
          done("reset");
          res.socket?.destroy();
          return;
        }
        const status = action.status ?? 200;
        const body = action.body ?? "{}";
        res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...action.headers });
        // Counted as answered once the response is handed to the socket.
        done(status);
        res.end(body);
      })();
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const counts = (pick: (r: FaultRequest) => boolean): Map<string, number> => {
    const map = new Map<string, number>();
    for (const r of requests) if (pick(r)) for (const id of r.ids) map.set(id, (map.get(id) ?? 0) + 1);
    return map;
  };
  const is2xx = (r: FaultRequest): boolean => typeof r.outcome === "number" && r.outcome >= 200 && r.outcome < 300;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    get inFlight() {
      return inFlight;
    },
    respond(next) {
      script = next;
    },
    deliveredCounts: () => counts(is2xx),
    arrivalCounts: () => counts(() => true),
    async waitForDelivered(ids, timeoutMs = 10_000) {
      const wanted = [...ids];
      await waitFor(
        () => {
          const delivered = counts(is2xx);
          return wanted.every((id) => delivered.has(id));
        },
        { timeoutMs, what: () => `${wanted.length} id(s) delivered (have ${[...counts(is2xx).keys()].filter((id) => wanted.includes(id)).length}; ${requests.length} request(s))` },
      );
    },
    close() {
      closed = true;
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}
