import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { httpExporter } from "./http.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A server answering `status` (text/plain `text`) and recording each request's headers. */
async function server(status: number, text = ""): Promise<{ url: string; headers: IncomingHttpHeaders[] }> {
  const headers: IncomingHttpHeaders[] = [];
  const s = createServer((req, res) => {
    headers.push(req.headers);
    req.resume().on("end", () => res.writeHead(status, { "content-type": "text/plain" }).end(text));
  });
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", () => resolve()));
  cleanups.push(() => new Promise<void>((resolve) => (s.closeAllConnections(), s.close(() => resolve()))));
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/logs`, headers };
}

const send = async (url: string, via?: readonly string[]) => {
  const exporter = httpExporter({ url });
  cleanups.push(() => exporter.close!());
  return exporter.export({ body: "[]", contentType: "application/json", eventCount: 0, ...(via ? { via } : {}) }, { signal: new AbortController().signal });
};

describe("httpExporter: hookline hops", () => {
  it("sends the request's via list as X-Hookline-Via, and no such header without one", async () => {
    const target = await server(200);
    await send(target.url, ["a1", "b2"]);
    await send(target.url);
    expect(target.headers.map((h) => h["x-hookline-via"])).toEqual(["a1,b2", undefined]);
  });

  it("508 Loop Detected is a failure (never retried), with the receiver's text as the reason", async () => {
    const target = await server(508, "loop detected: already passed through this hookline");
    expect(await send(target.url, ["a1"])).toEqual({
      kind: "failure",
      status: 508,
      reason: `POST ${target.url} responded 508 Loop Detected: loop detected: already passed through this hookline`,
    });
    expect((await send((await server(507)).url)).kind).toBe("retryable");
  });
});
