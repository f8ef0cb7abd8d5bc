import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import { waitFor } from "./wait-for.js";

/** One request the capture server received, body read to the end. */
export interface CapturedRequest {
  /** 0-based arrival order. */
  readonly index: number;
  /** `Date.now()` when the body had been read. */
  readonly receivedAt: number;
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Header names are lower-case (node's parsing). */
  readonly headers: IncomingHttpHeaders;
  /** The body exactly as received (still compressed if it was). */
  readonly raw: Buffer;
  /** The body decoded: decompressed per `Content-Encoding` (gzip, deflate, br), as UTF-8. */
  readonly text: string;
  /** `JSON.parse(text)`. */
  json<T = unknown>(): T;
  /** Each non-empty line of `text`, parsed. */
  ndjson<T = unknown>(): T[];
  /**
   * The payloads the body carries, whatever its format: an array's elements, NDJSON lines
   * (when the Content-Type is application/x-ndjson, or the body is not one JSON value), or the
   * one object.
   */
  items<T = Record<string, unknown>>(): T[];
}

/** How to answer one request. Anything left out: 200 with an empty JSON object. */
export interface ResponseSpec {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** The response is held until this resolves (the request is recorded before). */
  readonly gate?: Promise<unknown>;
}

/** Decides the response of each request; `undefined` means the default 200. */
export type Responder = (request: CapturedRequest) => ResponseSpec | undefined;

/** Options of {@link startCaptureServer}. */
export interface CaptureServerOptions {
  readonly respond?: Responder;
}

/** A running capture server. */
export interface CaptureServer {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  readonly url: string;
  /** Every request received, in arrival order. */
  readonly requests: CapturedRequest[];
  /** Requests received whose response has not been sent yet (held by a gate). */
  readonly held: number;
  /** Replaces the responder for the requests that arrive from now on. */
  respond(responder: Responder): void;
  /** Answers the next requests with these specs, in order, before falling back to the responder. */
  respondNext(...specs: ResponseSpec[]): void;
  /** Requests to `path`. */
  requestsTo(path: string): CapturedRequest[];
  /** Every payload received (see {@link CapturedRequest.items}), in arrival order; optionally only to `path`. */
  items<T = Record<string, unknown>>(path?: string): T[];
  /** Waits (bounded) until at least `n` requests have arrived (to `path`, when given); returns them. */
  waitForRequests(n: number, options?: { readonly path?: string; readonly timeoutMs?: number }): Promise<CapturedRequest[]>;
  /** Waits (bounded) until at least `n` payloads have arrived; returns them. */
  waitForItems<T = Record<string, unknown>>(n: number, options?: { readonly path?: string; readonly timeoutMs?: number }): Promise<T[]>;
  /** Closes the server, dropping open connections (held responses are never sent). */
  close(): Promise<void>;
}

/** A request body as UTF-8 text, decompressed per its `Content-Encoding` (gzip, deflate, br). */
export function decodeBody(raw: Buffer, encoding: string | undefined): string {
  switch ((encoding ?? "").toLowerCase()) {
    case "gzip":
      return gunzipSync(raw).toString("utf8");
    case "deflate":
      return inflateSync(raw).toString("utf8");
    case "br":
      return brotliDecompressSync(raw).toString("utf8");
    default:
      return raw.toString("utf8");
  }
}

function capture(index: number, req: IncomingMessage, raw: Buffer): CapturedRequest {
  const url = new URL(req.url ?? "/", "http://capture.invalid");
  const text = decodeBody(raw, req.headers["content-encoding"]);
  const ndjson = <T>(): T[] =>
    text
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as T);
  return {
    index,
    receivedAt: Date.now(),
    method: req.method ?? "",
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    raw,
    text,
    json: <T>() => JSON.parse(text) as T,
    ndjson,
    items<T>(): T[] {
      if (String(req.headers["content-type"] ?? "").startsWith("application/x-ndjson")) return ndjson<T>();
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        // NDJSON sent under another Content-Type (a preset's own header wins).
        return ndjson<T>();
      }
      return (Array.isArray(value) ? value : [value]) as T[];
    },
  };
}

/** Starts an HTTP server on 127.0.0.1 (a free port) that records every request and answers as told. */
export async function startCaptureServer(options: CaptureServerOptions = {}): Promise<CaptureServer> {
  const requests: CapturedRequest[] = [];
  const queued: ResponseSpec[] = [];
  let responder: Responder = options.respond ?? (() => undefined);
  let held = 0;
  let closed = false;

  const answer = async (res: ServerResponse, spec: ResponseSpec): Promise<void> => {
    if (spec.gate) {
      held += 1;
      try {
        await spec.gate;
      } finally {
        held -= 1;
      }
    }
    if (closed || res.destroyed) return;
    const body = spec.body ?? "{}";
    res.writeHead(spec.status ?? 200, { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...spec.headers });
    res.end(body);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request = capture(requests.length, req, Buffer.concat(chunks));
      requests.push(request);
      let spec: ResponseSpec | undefined;
      try {
        spec = queued.shift() ?? responder(request);
      } catch (err) {
        spec = { status: 500, body: JSON.stringify({ error: String(err) }) };
      }
      answer(res, spec ?? {}).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const requestsTo = (path?: string): CapturedRequest[] => (path === undefined ? requests : requests.filter((r) => r.path === path));
  const items = <T>(path?: string): T[] => requestsTo(path).flatMap((r) => r.items<T>());

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get held() {
      return held;
    },
    respond(next) {
      responder = next;
    },
    respondNext(...specs) {
      queued.push(...specs);
    },
    requestsTo: (path) => requestsTo(path),
    items,
    async waitForRequests(n, waitOptions = {}) {
      await waitFor(() => requestsTo(waitOptions.path).length >= n, {
        timeoutMs: waitOptions.timeoutMs ?? 5000,
        what: () => `${n} request(s)${waitOptions.path ? ` to ${waitOptions.path}` : ""} (got ${requestsTo(waitOptions.path).length})`,
      });
      return requestsTo(waitOptions.path);
    },
    async waitForItems<T>(n: number, waitOptions: { readonly path?: string; readonly timeoutMs?: number } = {}) {
      await waitFor(() => items(waitOptions.path).length >= n, {
        timeoutMs: waitOptions.timeoutMs ?? 5000,
        what: () => `${n} payload(s)${waitOptions.path ? ` at ${waitOptions.path}` : ""} (in ${requestsTo(waitOptions.path).length} request(s))`,
      });
      return items<T>(waitOptions.path);
    },
    close() {
      closed = true;
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
