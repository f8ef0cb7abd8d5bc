import type { ServerResponse } from "node:http";

/** Answers with `body` as JSON, or as plain text when it is a string. */
export function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "Content-Type": typeof body === "string" ? "text/plain; charset=utf-8" : "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

/**
 * Answers and closes the connection without reading the rest of the request: for a body too
 * large, unauthenticated or looping, reading it (an endless chunked body: forever) would only
 * burn CPU. Node ends the connection once the answer is written.
 */
export function replyAndClose(res: ServerResponse, status: number, body: unknown): void {
  res.setHeader("Connection", "close");
  res.req.pause();
  reply(res, status, body);
}
