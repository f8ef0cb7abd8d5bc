import { STATUS_CODES } from "node:http";
import { ErrorCodes, HooklineError, redactUrl, SecretScrubber } from "@hookline/core";
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
import { sendAttempt, type AttemptPolicy } from "./http-attempt.js";
import { requestAttempt } from "./http-request.js";
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
  /**
   * More secrets to mask in reasons, with their masks (a config's, which names environment
   * values `$NAME`); they win over the exporter's own: header values, userinfo and each query
   * value, masked as `[redacted]`.
   * @default none
   */
  readonly secrets?: SecretScrubber;
}

/** `HOOKLINE_HTTP_SEND=request`: requests through undici's `request()` (bench/ compares the two). */
const send = process.env["HOOKLINE_HTTP_SEND"] === "request" ? requestAttempt : sendAttempt;

const compressions: readonly BodyCompression[] = ["none", "gzip", "deflate", "br"];

// Enough for a useful error message; the rest of an error body is read (and dropped) so the
// connection can be reused, up to a limit past which closing it is cheaper (see HttpAttempt).
const snippetBytes = 2048;
const snippetChars = 200;

/**
 * Creates an exporter that sends each request body to an HTTP endpoint with undici, over
 * kept-alive connections. It makes one attempt per `export()` call and never rejects: 2xx is
 * `success`; 408, 429, 5xx but 508, network errors and timeouts are `retryable` (with
 * `Retry-After` honoured); other statuses (508 Loop Detected included) are `failure`. A
 * request's `via` list is sent as `X-Hookline-Via: id1,id2`.
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
  // The configured headers and the Basic credentials made from the URL; not our User-Agent.
  const secrets = secretsOf([...Object.values(userHeaders), baseHeaders["authorization"] ?? ""], target, options.secrets);

  // The URL too: its path may be the credential (a chat webhook), which a config's secrets know.
  const shownUrl = secrets.scrub(printableUrl);
  const ownsDispatcher = options.dispatcher === undefined;
  const dispatcher = options.dispatcher ?? new Agent();
  const origin = target.origin;
  const path = `${target.pathname}${target.search}`;
  let closing: Promise<void> | undefined;

  const describe = (status: number): string => {
    const text = STATUS_CODES[status];
    return `${method} ${shownUrl} responded ${status}${text === undefined ? "" : ` ${text}`}`;
  };

  const policy: AttemptPolicy = {
    timeoutMs,
    keepBytes: (status, headers) => (isPlainText(headers["content-type"]) && status !== 401 && status !== 403 && status !== 407 ? snippetBytes : 0),
    resultOf(status, headers, kept) {
      // A 2xx was read to its end: a response cut short means the endpoint may not have kept
      // the body, and at-least-once delivery prefers a duplicate to a loss (see HttpAttempt).
      if (status >= 200 && status < 300) return { kind: "success", status };
      const snippet = kept === undefined || kept.length === 0 ? "" : formatSnippet(kept.toString("utf8"), secrets);
      let reason = describe(status);
      if (status >= 300 && status < 400) reason += secrets.scrub(redirectHint(headers["location"], target));
      if (snippet !== "") reason += `: ${snippet}`;
      // 508 Loop Detected (a hookline receiver that this body already passed through) is final.
      if (status === 408 || status === 429 || (status >= 500 && status !== 508)) {
        const retryAfterMs = parseRetryAfter(headers["retry-after"]);
        return retryAfterMs === undefined ? { kind: "retryable", status, reason } : { kind: "retryable", status, reason, retryAfterMs };
      }
      return { kind: "failure", status, reason };
    },
    resultOfError(error, cause) {
      if (cause === "timeout") return { kind: "retryable", reason: `timed out after ${timeoutMs}ms waiting for ${shownUrl}` };
      if (cause === "aborted") return { kind: "retryable", reason: `aborted while sending to ${shownUrl}` };
      return classifyRequestError(error, shownUrl, secrets.scrubber);
    },
  };

  return {
    specificationVersion: 1,
    type: "http",

    async export(request: ExportRequest, { signal }: ExportOptions): Promise<ExportResult> {
      if (signal.aborted) return { kind: "retryable", reason: `aborted before sending to ${shownUrl}` };
      if (closing !== undefined) return { kind: "retryable", reason: `exporter closed, not sending to ${shownUrl}` };
      let body: string | Uint8Array;
      try {
        // Uncompressed, the body goes out as it is, without a turn through a promise.
        body = compression === "none" ? request.body : await compressBody(request.body, compression);
      } catch (error) {
        return classifyRequestError(error, shownUrl, secrets.scrubber);
      }
      if (signal.aborted) return { kind: "retryable", reason: `aborted before sending to ${shownUrl}` };
      let headers = userSetsContentType ? baseHeaders : { ...baseHeaders, "content-type": request.contentType };
      // The hookline instances the events passed through, so the next hookline can refuse a loop.
      if (request.via !== undefined && request.via.length > 0) headers = { ...headers, "x-hookline-via": request.via.join(",") };
      return send(dispatcher, { origin, path, method, headers, body }, signal, policy);
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
  create: (options, context) => httpExporter(context.secrets ? { ...options, secrets: context.secrets } : options),
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

function isPlainText(contentType: string | string[] | undefined): boolean {
  const value = Array.isArray(contentType) ? contentType[0] : contentType;
  return value !== undefined && /^\s*text\/plain\s*(?:;|$)/i.test(value);
}

function formatSnippet(text: string, secrets: SecretScrubber): string {
  // Control characters would garble single-line logs and let a server forge log lines.
  const flat = secrets.scrub(text).replace(/[\s\p{Cc}]+/gu, " ").trim();
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
function secretsOf(headerValues: readonly string[], url: URL, given: SecretScrubber | undefined): SecretScrubber {
  const secrets = new SecretScrubber();
  if (given) secrets.addAll(given);
  for (const value of headerValues) secrets.addHeaderValue(value);
  return secrets.addUrl(url);
}
