import { STATUS_CODES } from "node:http";
import { ErrorCodes, HooklineError, redactUrl } from "@hookline/core";
import type {
  ExportOptions,
  ExportRequest,
  ExportResult,
  Exporter,
  ExporterDefinition,
} from "@hookline/core";
import { Agent } from "undici";
import type { Dispatcher } from "undici";
import { classifyRequestError } from "./classify-request-error.js";
import { compressBody } from "./compress-body.js";
import type { BodyCompression } from "./compress-body.js";
import { defaultUserAgent } from "./default-user-agent.js";
import { parseRetryAfter } from "./retry-after.js";

/** Options of {@link httpExporter}. */
export interface HttpExporterOptions {
  /**
   * Endpoint URL (`http:` or `https:`). Userinfo (`https://user:pass@host/`) is sent as Basic
   * authentication unless `headers` set `Authorization`; it never appears in messages.
   */
  readonly url: string;
  /**
   * HTTP method.
   * @default "POST"
   */
  readonly method?: string;
  /**
   * Extra request headers. They win over the exporter's own `Content-Type` and `User-Agent`.
   * Treated as secrets: their values never appear in results or errors.
   * @default {}
   */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Per-request timeout in ms, from sending until the response body is read; applies on top of
   * the `signal` the delivery layer passes to `export()`.
   * @default 10000
   */
  readonly timeoutMs?: number;
  /**
   * Body compression; anything but `none` also sets `Content-Encoding`.
   * @default "none"
   */
  readonly compression?: BodyCompression;
  /**
   * undici dispatcher to send requests through, e.g. a `MockAgent` or a proxy agent. The
   * exporter does not close a dispatcher it was given.
   * @default a keep-alive undici `Agent` owned, and closed by `close()`, by the exporter
   */
  readonly dispatcher?: Dispatcher;
  /**
   * `User-Agent` header; a `User-Agent` in `headers` wins over it.
   * @default "hookline/<version>"
   */
  readonly userAgent?: string;
}

const compressions: readonly BodyCompression[] = ["none", "gzip", "deflate", "br"];

// Enough for a useful error message; the rest of an error body is drained so the connection
// can be reused, up to a limit past which closing the socket is cheaper than reading on.
const snippetBytes = 2048;
const drainLimitBytes = 256 * 1024;
const snippetChars = 200;

/**
 * Creates an exporter that sends each request body to an HTTP endpoint with undici, over
 * kept-alive connections. It makes one attempt per `export()` call and never rejects: 2xx is
 * `success`; 408, 429, 5xx, network errors and timeouts are `retryable` (with `Retry-After`
 * honoured); other statuses are `failure`.
 *
 * @throws {HooklineError} `ERR_COMPONENT_OPTIONS_INVALID` for a malformed `url`, `timeoutMs`
 * or `compression`.
 *
 * @example
 * ```ts
 * const exporter = httpExporter({
 *   url: "https://logs.example.com/litellm",
 *   headers: { Authorization: `Bearer ${process.env.LOGS_TOKEN}` },
 *   compression: "gzip",
 * });
 * const result = await exporter.export(
 *   { body: '[{"id":"a"}]', contentType: "application/json", eventCount: 1 },
 *   { signal: AbortSignal.timeout(30_000) },
 * );
 * await exporter.close?.();
 * ```
 */
export function httpExporter(options: HttpExporterOptions): Exporter {
  const target = parseEndpoint(options.url);
  const printableUrl = redactUrl(target);
  const method = (options.method ?? "POST").toUpperCase();
  const timeoutMs = options.timeoutMs ?? 10_000;
  const compression = options.compression ?? "none";
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw optionsError(`"timeoutMs" must be a positive number of milliseconds, got ${String(timeoutMs)}`);
  }
  if (!compressions.includes(compression)) {
    throw optionsError(`"compression" must be one of ${compressions.join(", ")}, got ${JSON.stringify(compression)}`);
  }

  const userHeaders = options.headers ?? {};
  const headerNames = new Set(Object.keys(userHeaders).map((name) => name.toLowerCase()));
  const userSetsContentType = headerNames.has("content-type");
  const baseHeaders: Record<string, string> = {};
  if (!headerNames.has("user-agent")) baseHeaders["user-agent"] = options.userAgent ?? defaultUserAgent;
  if (!headerNames.has("authorization") && (target.username !== "" || target.password !== "")) {
    baseHeaders["authorization"] = basicAuthorization(target);
  }
  for (const [name, value] of Object.entries(userHeaders)) {
    // The body is encoded the way `compression` says, whatever a configured header claims.
    if (compression !== "none" && name.toLowerCase() === "content-encoding") continue;
    baseHeaders[name] = value;
  }
  if (compression !== "none") baseHeaders["content-encoding"] = compression;
  const secrets = secretsOf(Object.values(baseHeaders), target);

  const ownsDispatcher = options.dispatcher === undefined;
  const dispatcher = options.dispatcher ?? new Agent();
  const origin = target.origin;
  const path = `${target.pathname}${target.search}`;
  let closing: Promise<void> | undefined;

  const describe = (status: number): string => {
    const text = STATUS_CODES[status];
    return `${method} ${printableUrl} responded ${status}${text === undefined ? "" : ` ${text}`}`;
  };

  async function readResponse(response: Dispatcher.ResponseData): Promise<ExportResult> {
    const { statusCode: status, headers, body } = response;
    if (status >= 200 && status < 300) {
      // Read to the end: a response cut short means the endpoint may not have kept the body,
      // and at-least-once delivery prefers a duplicate to a loss. This throws in that case.
      await drain(body, 0);
      return { kind: "success", status };
    }

    let snippet = "";
    try {
      const wantsSnippet = isPlainText(headers["content-type"]) && status !== 401 && status !== 403 && status !== 407;
      snippet = formatSnippet((await drain(body, wantsSnippet ? snippetBytes : 0)).toString("utf8"), secrets);
    } catch {
      // The status already decides the result; a body that breaks off only loses the snippet.
    }
    let reason = describe(status);
    if (status >= 300 && status < 400) reason += redirectHint(headers["location"], target);
    if (snippet !== "") reason += `: ${snippet}`;

    if (status === 408 || status === 429 || status >= 500) {
      const retryAfterMs = parseRetryAfter(headers["retry-after"]);
      return retryAfterMs === undefined
        ? { kind: "retryable", status, reason }
        : { kind: "retryable", status, reason, retryAfterMs };
    }
    return { kind: "failure", status, reason };
  }

  return {
    specificationVersion: 1,
    type: "http",

    async export(request: ExportRequest, { signal }: ExportOptions): Promise<ExportResult> {
      if (signal.aborted) return { kind: "retryable", reason: `aborted before sending to ${printableUrl}` };
      if (closing !== undefined) return { kind: "retryable", reason: `exporter closed, not sending to ${printableUrl}` };

      const controller = new AbortController();
      let timedOut = false;
      const onAbort = (): void => controller.abort(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      let timer: NodeJS.Timeout | undefined;
      try {
        // Uncompressed, the body goes out as it is, without a turn through a promise.
        const body = compression === "none" ? request.body : await compressBody(request.body, compression);
        if (controller.signal.aborted) return { kind: "retryable", reason: `aborted before sending to ${printableUrl}` };
        timer = setTimeout(() => {
          timedOut = true;
          controller.abort(new Error(`timed out after ${timeoutMs}ms`));
        }, timeoutMs);
        const headers = userSetsContentType ? baseHeaders : { ...baseHeaders, "content-type": request.contentType };
        const response = await dispatcher.request({ origin, path, method, headers, body, signal: controller.signal });
        return await readResponse(response);
      } catch (error) {
        if (timedOut) return { kind: "retryable", reason: `timed out after ${timeoutMs}ms waiting for ${printableUrl}` };
        if (signal.aborted) return { kind: "retryable", reason: `aborted while sending to ${printableUrl}` };
        return classifyRequestError(error, printableUrl, (message) => scrub(message, secrets));
      } finally {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
      }
    },

    async close(): Promise<void> {
      closing ??= ownsDispatcher ? dispatcher.close() : Promise.resolve();
      await closing;
    },
  };
}

/** Definition of the `http` exporter, for registries and config files. */
export const httpExporterDefinition: ExporterDefinition<HttpExporterOptions> = {
  kind: "exporter",
  specificationVersion: 1,
  type: "http",
  description: "Sends each request body to an HTTP(S) endpoint (undici, keep-alive)",
  optionsSchema: {
    type: "object",
    required: ["url"],
    properties: {
      url: { type: "string", pattern: "^[Hh][Tt][Tt][Pp][Ss]?://" },
      method: { type: "string", minLength: 1, default: "POST" },
      headers: { type: "object", additionalProperties: { type: "string" } },
      timeoutMs: { type: "number", exclusiveMinimum: 0, default: 10_000 },
      compression: { enum: [...compressions], default: "none" },
      userAgent: { type: "string" },
    },
  },
  create: (options) => httpExporter(options),
};

function optionsError(message: string): HooklineError {
  return new HooklineError(ErrorCodes.COMPONENT_OPTIONS_INVALID, `http exporter: ${message}`);
}

function parseEndpoint(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new HooklineError(ErrorCodes.COMPONENT_OPTIONS_INVALID, `http exporter: "url" is not a valid URL: ${redactUrl(String(url))}`, {
      cause: error,
    });
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw optionsError(`"url" must be an http: or https: URL, got ${redactUrl(parsed)}`);
  }
  return parsed;
}

function basicAuthorization(url: URL): string {
  const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return `Basic ${Buffer.from(credentials).toString("base64")}`;
}

/**
 * Reads a response body to its end, keeping its first `keepBytes` bytes; rejects when the body
 * breaks off. Listens for the stream's events rather than iterating it: an async iterator per
 * response cost about 40 µs of CPU per request, as much as the rest of the exporter.
 */
function drain(body: Dispatcher.ResponseData["body"], keepBytes: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const kept: Buffer[] = [];
    let keptBytes = 0;
    let seen = 0;
    let settled = false;
    const settle = (error: Error | undefined): void => {
      if (settled) return;
      settled = true;
      if (error !== undefined) reject(error);
      else resolve(Buffer.concat(kept));
    };
    if (body.readableEnded) return settle(undefined);
    if (body.destroyed) return settle(body.errored ?? new Error("the response body was closed before its end"));
    body.on("data", (chunk: Buffer) => {
      if (keptBytes < keepBytes) {
        const part = chunk.subarray(0, keepBytes - keptBytes);
        kept.push(part);
        keptBytes += part.length;
      }
      seen += chunk.length;
      // Stopping early destroys the body and with it the connection, which costs less than
      // downloading a huge response nobody reads.
      if (seen > drainLimitBytes) {
        settle(undefined);
        body.destroy();
      }
    });
    // undici hands a finished connection back to its pool one event-loop turn after the body
    // ends (setImmediate in its HTTP/1 client). Waiting out that turn lets the next request,
    // often sent right after this one resolves, reuse the connection instead of opening another.
    body.once("end", () => setImmediate(() => settle(undefined)));
    body.once("error", (error: Error) => settle(error));
    body.once("close", () => {
      if (!body.readableEnded) settle(body.errored ?? new Error("the response body broke off before its end"));
    });
  });
}

function isPlainText(contentType: string | string[] | undefined): boolean {
  const value = Array.isArray(contentType) ? contentType[0] : contentType;
  return value !== undefined && /^\s*text\/plain\s*(?:;|$)/i.test(value);
}

function formatSnippet(text: string, secrets: readonly string[]): string {
  // Control characters would garble single-line logs and let a server forge log lines.
  const flat = scrub(text, secrets).replace(/[\s\p{Cc}]+/gu, " ").trim();
  return flat.length > snippetChars ? `${flat.slice(0, snippetChars)}…` : flat;
}

function redirectHint(location: string | string[] | undefined, base: URL): string {
  const value = Array.isArray(location) ? location[0] : location;
  if (value === undefined) return " (redirects are not followed)";
  let resolved: string;
  try {
    resolved = redactUrl(new URL(value, base));
  } catch {
    resolved = redactUrl(value);
  }
  return ` (redirects are not followed; Location: ${resolved})`;
}

// Servers and error messages may echo credentials back (a token in a 400 body, a URL in an
// error message); everything configured as secret is masked before it reaches a reason.
function secretsOf(headerValues: readonly string[], url: URL): string[] {
  const secrets = new Set<string>();
  const add = (value: string, minLength: number): void => {
    if (value.length >= minLength) secrets.add(value);
  };
  for (const value of headerValues) {
    add(value, 4);
    // "Bearer <token>": the token alone may come back without its scheme.
    for (const part of value.split(/[\s,;=]+/)) add(part, 8);
  }
  add(url.username, 4);
  add(url.password, 4);
  add(safeDecode(url.username), 4);
  add(safeDecode(url.password), 4);
  add(url.search, 2);
  add(url.search.slice(1), 2);
  // Longest first, so a value is masked whole before any part of it is.
  return [...secrets].sort((a, b) => b.length - a.length);
}

function scrub(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) result = result.split(secret).join("[redacted]");
  return result;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
