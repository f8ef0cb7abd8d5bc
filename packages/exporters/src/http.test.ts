import { createServer } from "node:http";
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import { HooklineError, SecretScrubber } from "@hookline/core";
import type { Exporter, ExportRequest, ExportResult } from "@hookline/core";
import { Agent } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { defaultUserAgent } from "./default-user-agent.js";
import { httpExporter, httpExporterDefinition } from "./http.js";
import type { HttpExporterOptions } from "./http.js";

interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
}

interface TestServer {
  /** Base URL, e.g. `http://127.0.0.1:12345`. */
  readonly origin: string;
  readonly received: Received[];
  connections: number;
}

type Handler = (request: IncomingMessage, response: ServerResponse, body: Buffer) => void;

const servers: Server[] = [];
const exporters: Exporter[] = [];
const agents: Agent[] = [];

afterEach(async () => {
  await Promise.all(exporters.splice(0).map((exporter) => exporter.close?.()));
  await Promise.all(agents.splice(0).map((agent) => agent.destroy()));
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

async function startServer(handler: Handler = (_request, response) => response.end("ok")): Promise<TestServer> {
  const state: { received: Received[]; connections: number } = { received: [], connections: 0 };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      state.received.push({
        method: request.method ?? "",
        url: request.url ?? "",
        headers: request.headers,
        rawHeaders: request.rawHeaders,
        body,
      });
      handler(request, response, body);
    });
  });
  server.on("connection", () => {
    state.connections += 1;
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, { origin: `http://127.0.0.1:${port}` });
}

function exporter(options: HttpExporterOptions): Exporter {
  const created = httpExporter(options);
  exporters.push(created);
  return created;
}

const jsonRequest = (body: string | Uint8Array = '[{"id":"a","model":"gpt-4o"}]'): ExportRequest => ({
  body,
  contentType: "application/json",
  eventCount: 1,
});

const send = (target: Exporter, request: ExportRequest = jsonRequest(), signal = new AbortController().signal): Promise<ExportResult> =>
  target.export(request, { signal });

const respond =
  (status: number, headers: Record<string, string> = {}, body = ""): Handler =>
  (_request, response) => {
    response.writeHead(status, headers);
    response.end(body);
  };

function headerCount(received: Received, name: string): number {
  return received.rawHeaders.filter((value, index) => index % 2 === 0 && value.toLowerCase() === name).length;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("httpExporter: success", () => {
  it("POSTs the body byte for byte with the configured headers and reports success", async () => {
    const server = await startServer();
    const body = '[{"id":"chatcmpl-1","messages":"héllo 👋\\nbye"}]';
    const result = await send(exporter({ url: `${server.origin}/logs?tenant=7`, headers: { "X-Api-Key": "k-123" } }), jsonRequest(body));

    expect(result).toEqual({ kind: "success", status: 200 });
    expect(server.received).toHaveLength(1);
    const [received] = server.received;
    expect(received?.method).toBe("POST");
    expect(received?.url).toBe("/logs?tenant=7");
    expect(received?.body.toString("utf8")).toBe(body);
    expect(received?.headers["x-api-key"]).toBe("k-123");
    expect(received?.headers["content-type"]).toBe("application/json");
    expect(received?.headers["content-length"]).toBe(String(Buffer.byteLength(body)));
    expect(received?.headers["user-agent"]).toBe(defaultUserAgent);
    expect(received?.headers["content-encoding"]).toBeUndefined();
  });

  it("sends Uint8Array bodies unchanged", async () => {
    const server = await startServer();
    const bytes = new Uint8Array([0x7b, 0x7d, 0x0a, 0xc3, 0xa9]);
    await send(exporter({ url: server.origin }), { body: bytes, contentType: "application/x-ndjson", eventCount: 1 });
    expect(server.received[0]?.body.equals(Buffer.from(bytes))).toBe(true);
  });

  it("treats any 2xx as success, with its status", async () => {
    const server = await startServer(respond(204));
    expect(await send(exporter({ url: server.origin }))).toEqual({ kind: "success", status: 204 });
  });

  it("uses the configured method and user agent", async () => {
    const server = await startServer();
    await send(exporter({ url: server.origin, method: "put", userAgent: "my-proxy/2" }));
    expect(server.received[0]?.method).toBe("PUT");
    expect(server.received[0]?.headers["user-agent"]).toBe("my-proxy/2");
  });

  it("defaults the user agent to hookline/<version>", () => {
    expect(defaultUserAgent).toMatch(/^hookline\/\d+\.\d+\.\d+/);
  });

  it("sends URL userinfo as Basic authentication, not as part of the request line", async () => {
    const server = await startServer();
    const url = server.origin.replace("http://", "http://alice:p%40ss@");
    await send(exporter({ url: `${url}/in` }));
    expect(server.received[0]?.headers.authorization).toBe(`Basic ${Buffer.from("alice:p@ss").toString("base64")}`);
    expect(server.received[0]?.url).toBe("/in");
  });
});

describe("httpExporter: Content-Type", () => {
  it("uses the request's content type when the headers set none", async () => {
    const server = await startServer();
    await send(exporter({ url: server.origin }), { body: "{}\n", contentType: "application/x-ndjson", eventCount: 1 });
    expect(server.received[0]?.headers["content-type"]).toBe("application/x-ndjson");
  });

  it("lets a configured Content-Type win, matched case-insensitively, and sends it once", async () => {
    const server = await startServer();
    await send(exporter({ url: server.origin, headers: { "CONTENT-type": "text/plain; charset=utf-8" } }));
    const [received] = server.received;
    expect(received?.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(received && headerCount(received, "content-type")).toBe(1);
  });

  it("lets a configured User-Agent win over the userAgent option", async () => {
    const server = await startServer();
    await send(exporter({ url: server.origin, userAgent: "ignored/1", headers: { "user-AGENT": "custom/9" } }));
    const [received] = server.received;
    expect(received?.headers["user-agent"]).toBe("custom/9");
    expect(received && headerCount(received, "user-agent")).toBe(1);
  });
});

describe("httpExporter: retryable statuses", () => {
  it("reports 500 as retryable without retryAfterMs", async () => {
    const server = await startServer(respond(500));
    const result = await send(exporter({ url: `${server.origin}/logs` }));
    expect(result).toEqual({ kind: "retryable", status: 500, reason: `POST ${server.origin}/logs responded 500 Internal Server Error` });
  });

  it("reports 503 with Retry-After in seconds", async () => {
    const server = await startServer(respond(503, { "Retry-After": "7" }));
    expect(await send(exporter({ url: server.origin }))).toMatchObject({ kind: "retryable", status: 503, retryAfterMs: 7000 });
  });

  it("reports 503 with Retry-After as an HTTP-date", async () => {
    const at = new Date(Date.now() + 30_000).toUTCString();
    const server = await startServer(respond(503, { "Retry-After": at }));
    const result = await send(exporter({ url: server.origin }));
    expect(result).toMatchObject({ kind: "retryable", status: 503 });
    const retryAfterMs = result.kind === "retryable" ? result.retryAfterMs : undefined;
    expect(retryAfterMs).toBeGreaterThan(25_000);
    expect(retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it("ignores a malformed Retry-After", async () => {
    const server = await startServer(respond(503, { "Retry-After": "later" }));
    const result = await send(exporter({ url: server.origin }));
    expect(result).toMatchObject({ kind: "retryable", status: 503 });
    expect(result).not.toHaveProperty("retryAfterMs");
  });

  it("reports 429 with Retry-After as retryable", async () => {
    const server = await startServer(respond(429, { "Retry-After": "2" }));
    expect(await send(exporter({ url: `${server.origin}/x` }))).toEqual({
      kind: "retryable",
      status: 429,
      reason: `POST ${server.origin}/x responded 429 Too Many Requests`,
      retryAfterMs: 2000,
    });
  });

  it("reports 408 as retryable", async () => {
    const server = await startServer(respond(408));
    expect(await send(exporter({ url: server.origin }))).toMatchObject({ kind: "retryable", status: 408 });
  });
});

describe("httpExporter: permanent failures", () => {
  it("reports 404 as a failure naming the status and the URL", async () => {
    const server = await startServer(respond(404));
    expect(await send(exporter({ url: `${server.origin}/missing` }))).toEqual({
      kind: "failure",
      status: 404,
      reason: `POST ${server.origin}/missing responded 404 Not Found`,
    });
  });

  it("reports 400 as a failure with a plain-text body snippet truncated to 200 characters", async () => {
    const message = `field "model" is required ${"x".repeat(300)}`;
    const server = await startServer(respond(400, { "Content-Type": "text/plain; charset=utf-8" }, `${message}\r\nsecond line`));
    const result = await send(exporter({ url: server.origin }));
    expect(result).toEqual({
      kind: "failure",
      status: 400,
      reason: `POST ${server.origin}/ responded 400 Bad Request: ${message.slice(0, 200)}…`,
    });
  });

  it("keeps a short plain-text body on one line", async () => {
    const server = await startServer(respond(422, { "Content-Type": "text/plain" }, "bad\npayload\u0007"));
    expect(await send(exporter({ url: server.origin }))).toMatchObject({ reason: expect.stringMatching(/Unprocessable Entity: bad payload$/) });
  });

  it("leaves out bodies that are not plain text", async () => {
    const server = await startServer(respond(400, { "Content-Type": "application/json" }, '{"error":"echoing your payload"}'));
    const result = await send(exporter({ url: server.origin }));
    expect(result).toEqual({ kind: "failure", status: 400, reason: `POST ${server.origin}/ responded 400 Bad Request` });
  });

  it.each([401, 403])("leaves out the body of a %i even when it is plain text", async (status) => {
    const server = await startServer(respond(status, { "Content-Type": "text/plain" }, "token abc is not valid"));
    const result = await send(exporter({ url: server.origin }));
    expect(result).toMatchObject({ kind: "failure", status });
    expect(result.kind === "failure" && result.reason).not.toContain("abc");
  });

  it("reports 413 as a failure with status 413, so the delivery layer can split the batch", async () => {
    const server = await startServer(respond(413));
    expect(await send(exporter({ url: server.origin }))).toMatchObject({ kind: "failure", status: 413, reason: expect.stringContaining("413 Payload Too Large") });
  });

  it("reports a redirect as a failure and says where it pointed, without its query string", async () => {
    const server = await startServer(respond(301, { Location: "/v2/logs?sig=abc" }));
    expect(await send(exporter({ url: `${server.origin}/logs` }))).toEqual({
      kind: "failure",
      status: 301,
      reason: `POST ${server.origin}/logs responded 301 Moved Permanently (redirects are not followed; Location: ${server.origin}/v2/logs)`,
    });
  });
});

describe("httpExporter: network errors and timeouts", () => {
  it("reports connection refused as retryable and resolves instead of rejecting", async () => {
    const port = await closedPort();
    const result = await send(exporter({ url: `http://127.0.0.1:${port}/logs` }));
    expect(result).toEqual({ kind: "retryable", reason: `connection refused (ECONNREFUSED) to http://127.0.0.1:${port}/logs` });
  });

  it("reports a socket destroyed before the response as retryable", async () => {
    const server = await startServer((request) => request.socket.destroy());
    const result = await send(exporter({ url: `${server.origin}/logs` }));
    expect(result).toMatchObject({ kind: "retryable", reason: expect.stringMatching(/\((UND_ERR_SOCKET|ECONNRESET)\) to http:\/\/127\.0\.0\.1:\d+\/logs$/) });
  });

  it("reports a socket destroyed in the middle of a 200 response body as retryable", async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { "Content-Length": "1000" });
      response.write("partial", () => response.socket?.destroy());
    });
    const result = await send(exporter({ url: server.origin }));
    expect(result.kind).toBe("retryable");
  });

  it("times out within timeoutMs when the server never answers", async () => {
    const server = await startServer(() => {});
    const started = Date.now();
    const result = await send(exporter({ url: `${server.origin}/slow?k=v`, timeoutMs: 200 }));
    const elapsed = Date.now() - started;
    expect(result).toEqual({ kind: "retryable", reason: `timed out after 200ms waiting for ${server.origin}/slow` });
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(2000);
  });

  it("stops when the export signal aborts", async () => {
    const server = await startServer(() => {});
    const controller = new AbortController();
    const pending = send(exporter({ url: server.origin, timeoutMs: 60_000 }), jsonRequest(), controller.signal);
    setTimeout(() => controller.abort(), 20);
    expect(await pending).toMatchObject({ kind: "retryable", reason: expect.stringContaining("aborted") });
  });

  it("sends nothing when the export signal is already aborted", async () => {
    const server = await startServer();
    const result = await send(exporter({ url: server.origin }), jsonRequest(), AbortSignal.abort());
    expect(result).toMatchObject({ kind: "retryable", reason: expect.stringContaining("aborted") });
    expect(server.received).toHaveLength(0);
  });

  it("reports a header value undici refuses as a failure without echoing the value", async () => {
    const server = await startServer();
    const result = await send(exporter({ url: server.origin, headers: { "X-Token": "line\r\nbreak-secret" } }));
    expect(result.kind).toBe("failure");
    expect(result.kind === "failure" && result.reason).not.toContain("break-secret");
    expect(server.received).toHaveLength(0);
  });
});

describe("httpExporter: compression", () => {
  const body = `[${Array.from({ length: 50 }, (_, i) => `{"id":"c-${i}","response":"réponse ${i}"}`).join(",")}]`;

  it.each([
    ["gzip", gunzipSync],
    ["deflate", inflateSync],
    ["br", brotliDecompressSync],
  ] as const)("compresses with %s and sets Content-Encoding", async (compression, decompress) => {
    const server = await startServer();
    const result = await send(exporter({ url: server.origin, compression }), jsonRequest(body));
    expect(result).toEqual({ kind: "success", status: 200 });
    const [received] = server.received;
    expect(received?.headers["content-encoding"]).toBe(compression);
    expect(received?.headers["content-type"]).toBe("application/json");
    expect(received && decompress(received.body).toString("utf8")).toBe(body);
    expect(received?.body.length).toBeLessThan(Buffer.byteLength(body));
  });

  it("overrides a configured Content-Encoding, since the body is encoded as compression says", async () => {
    const server = await startServer();
    await send(exporter({ url: server.origin, compression: "gzip", headers: { "Content-Encoding": "identity" } }), jsonRequest(body));
    const [received] = server.received;
    expect(received?.headers["content-encoding"]).toBe("gzip");
    expect(received && headerCount(received, "content-encoding")).toBe(1);
    expect(received && gunzipSync(received.body).toString("utf8")).toBe(body);
  });
});

describe("httpExporter: secrets stay out of reasons", () => {
  const token = "sk-live-0123456789abcdef";

  it("masks header values and the query string even when the server echoes them", async () => {
    const server = await startServer(
      respond(400, { "Content-Type": "text/plain" }, `invalid credentials Bearer ${token}; raw ${token}; api_key=qs-secret-value`),
    );
    const result = await send(
      exporter({ url: `${server.origin}/logs?api_key=qs-secret-value`, headers: { Authorization: `Bearer ${token}` } }),
    );
    expect(result.kind).toBe("failure");
    const reason = result.kind === "failure" ? result.reason : "";
    expect(reason).toContain(`POST ${server.origin}/logs responded 400 Bad Request: invalid credentials`);
    expect(reason).not.toContain(token);
    expect(reason).not.toContain("qs-secret-value");
    expect(reason).not.toContain("?");
    expect(reason).toContain("[redacted]");
  });

  it("masks a query value quoted alone, percent-encoded or JSON-escaped (`invalid api_key <key>`)", async () => {
    const key = "qk/Vb7+Ln=9sW";
    const server = await startServer(
      respond(503, { "Content-Type": "text/plain" }, `invalid api_key ${key}; ${encodeURIComponent(key).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase())}; {"k":"${key.replace("/", "\\/")}"}`),
    );
    const result = await send(exporter({ url: `${server.origin}/logs?tenant=acme&api_key=${encodeURIComponent(key)}` }));
    const reason = result.kind === "retryable" ? result.reason : "";
    expect(reason).toBe(`POST ${server.origin}/logs responded 503 Service Unavailable: invalid api_key [redacted]; [redacted]; {"k":"[redacted]"}`);
  });

  it("the secrets option wins with its masks, and may mask the URL's path", async () => {
    const server = await startServer(respond(404, { "Content-Type": "text/plain" }, "no hook /services/T1/B2/hook-secret; key sk-env-value-1"));
    const secrets = new SecretScrubber().add("sk-env-value-1", "$KEY").addUrl(`${server.origin}/services/T1/B2/hook-secret`, { secretPath: true });
    const result = await send(exporter({ url: `${server.origin}/services/T1/B2/hook-secret`, headers: { "X-Key": "sk-env-value-1" }, secrets }));
    expect(result.kind === "failure" && result.reason).toBe(`POST ${server.origin}/[redacted] responded 404 Not Found: no hook /[redacted]; key $KEY`);
  });

  it("leaves header values, userinfo and the query string out of network error reasons", async () => {
    const port = await closedPort();
    const result = await send(
      exporter({ url: `http://bob:url-password@127.0.0.1:${port}/logs?token=qs-token`, headers: { Authorization: `Bearer ${token}` } }),
    );
    expect(result).toEqual({ kind: "retryable", reason: `connection refused (ECONNREFUSED) to http://127.0.0.1:${port}/logs` });
  });

  it("leaves them out of timeout reasons", async () => {
    const server = await startServer(() => {});
    const result = await send(exporter({ url: `${server.origin}/t?token=qs-token`, headers: { "X-Key": token }, timeoutMs: 50 }));
    expect(result.kind === "retryable" && result.reason).toBe(`timed out after 50ms waiting for ${server.origin}/t`);
  });
});

describe("httpExporter: connections", () => {
  it("reuses one kept-alive connection for sequential requests, error responses included", async () => {
    let calls = 0;
    const server = await startServer((_request, response) => {
      calls += 1;
      if (calls % 2 === 0) {
        response.writeHead(500, { "Content-Type": "text/plain" });
        response.end("temporarily broken ".repeat(200));
      } else {
        response.writeHead(200, { "Content-Type": "application/json" });
        response.end('{"ok":true}');
      }
    });
    const target = exporter({ url: server.origin });
    const kinds: string[] = [];
    for (let i = 0; i < 5; i++) kinds.push((await send(target)).kind);
    expect(kinds).toEqual(["success", "retryable", "success", "retryable", "success"]);
    expect(server.received).toHaveLength(5);
    expect(server.connections).toBe(1);
  });

  it("stops reading a huge response after 256 KB and drops its connection; the status still decides", async () => {
    let calls = 0;
    const pieces = 512; // 32 MB in 64 KB pieces: more than socket buffers hold
    const written: number[] = [];
    const server = await startServer((_request, response) => {
      calls += 1;
      const call = calls;
      written[call] = 0;
      response.writeHead(call === 1 ? 200 : 503, { "Content-Type": "text/plain" });
      const piece = Buffer.alloc(64 * 1024, call === 1 ? "a" : "b");
      let stopped = false;
      response.on("close", () => (stopped = true));
      const write = (): void => {
        while (!stopped && written[call]! < pieces) {
          written[call]! += 1;
          if (!response.write(piece)) return void response.once("drain", write);
        }
        response.end();
      };
      write();
    });
    const target = exporter({ url: server.origin });
    expect(await send(target)).toEqual({ kind: "success", status: 200 });
    const failed = await send(target);
    expect(failed.kind === "retryable" && failed.status).toBe(503);
    // The reason keeps a snippet of what was read, not megabytes.
    expect(failed.kind === "retryable" && failed.reason).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/ responded 503 Service Unavailable: b{200}…$/);
    // Neither response was read to its end: the client closed the connection instead.
    expect(written[1]).toBeLessThan(pieces);
    expect(written[2]).toBeLessThan(pieces);
  });

  it("closes its own dispatcher on close(), after which exports resolve as retryable", async () => {
    const server = await startServer();
    const target = exporter({ url: server.origin });
    expect((await send(target)).kind).toBe("success");
    await target.close?.();
    await target.close?.();
    expect(await send(target)).toEqual({ kind: "retryable", reason: `exporter closed, not sending to ${server.origin}/` });
    expect(server.received).toHaveLength(1);
  });

  it("sends through an injected dispatcher and leaves it open on close()", async () => {
    const server = await startServer();
    const agent = new Agent();
    agents.push(agent);
    const target = exporter({ url: server.origin, dispatcher: agent });
    expect((await send(target)).kind).toBe("success");
    await target.close?.();
    expect(agent.closed).toBe(false);
    expect(await send(target)).toMatchObject({ kind: "retryable", reason: expect.stringContaining("exporter closed") });
    expect(server.received).toHaveLength(1);
  });
});

describe("httpExporter: options", () => {
  it.each([
    ["a malformed url", { url: "not a url" }, /"url" is not a valid URL/],
    ["a non-http url", { url: "ftp://files.example.com/x" }, /http: or https:/],
    ["a zero timeout", { url: "http://127.0.0.1/", timeoutMs: 0 }, /"timeoutMs"/],
    ["an unknown compression", { url: "http://127.0.0.1/", compression: "zstd" }, /"compression" must be one of none, gzip, deflate, br/],
  ] as const)("rejects %s with ERR_COMPONENT_OPTIONS_INVALID", (_name, options, message) => {
    let thrown: unknown;
    try {
      httpExporter(options as HttpExporterOptions);
    } catch (error) {
      thrown = error;
    }
    expect(HooklineError.is(thrown)).toBe(true);
    expect(thrown).toMatchObject({ code: "ERR_COMPONENT_OPTIONS_INVALID", message: expect.stringMatching(message) });
  });

  it("keeps userinfo and query out of option errors", () => {
    expect(() => httpExporter({ url: "ftp://me:hunter22@files.example.com/x?key=k9" })).toThrow(
      /^http exporter: "url" must be an http: or https: URL, got ftp:\/\/files\.example\.com\/x$/,
    );
  });
});

describe("httpExporterDefinition", () => {
  it("is the http exporter definition and creates working exporters", async () => {
    expect(httpExporterDefinition).toMatchObject({ kind: "exporter", specificationVersion: 1, type: "http" });
    expect(httpExporterDefinition.optionsSchema).toMatchObject({ required: ["url"] });
    const server = await startServer();
    const created = httpExporterDefinition.create({ url: server.origin }, { callbackName: "test" });
    exporters.push(created);
    expect(created.type).toBe("http");
    expect(await send(created)).toEqual({ kind: "success", status: 200 });
  });
});
