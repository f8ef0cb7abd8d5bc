import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readFile } from "node:fs/promises";
import * as zlib from "node:zlib";

/** One event found in a request body, with the columns the page shows. */
export interface InboxEvent {
  readonly time: string | undefined;
  readonly model: string | undefined;
  readonly status: string | undefined;
  readonly tokens: number | undefined;
  readonly cost: number | undefined;
  readonly latencyMs: number | undefined;
  readonly callType: string | undefined;
  readonly payload: unknown;
}

/** One request the inbox received; header values that may be secrets are masked. */
export interface InboxRequest {
  readonly id: number;
  readonly receivedAt: string;
  readonly method: string;
  readonly path: string;
  readonly callback: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly size: number;
  readonly contentEncoding: string | undefined;
  readonly format: string;
  readonly error: string | undefined;
  readonly events: readonly InboxEvent[];
}

export interface InboxOptions {
  readonly port?: number;
  readonly host?: string;
  /** Requests kept in memory, oldest dropped first. @default 1000 */
  readonly limit?: number;
}

export interface Inbox {
  readonly url: string;
  readonly requests: () => readonly InboxRequest[];
  close(): Promise<void>;
}

const SECRET_HEADER = /authorization|api[-_]?key|token|secret|cookie|password|session|signature|credential|^x-.*-key$/i;
const MAX_BODY = 32 * 1024 * 1024;

/** Masks a header value that may carry a secret, keeping the scheme of an Authorization value. */
export function maskHeader(name: string, value: string): string {
  if (!SECRET_HEADER.test(name)) return value;
  const scheme = /^(Bearer|Basic|Token|ApiKey|Splunk|Digest)\s+/i.exec(value);
  return scheme ? `${scheme[1]} ••••••` : "••••••";
}

/** Starts the inbox: any method/path not under `/_inbox/` is a callback request to record. */
export async function startInbox(options: InboxOptions = {}): Promise<Inbox> {
  const limit = options.limit ?? 1000;
  const history: InboxRequest[] = [];
  const clients = new Set<ServerResponse>();
  let nextId = 1;
  // Shipped as they are (no build step): dist/inbox/ reads src/inbox/assets/.
  const assets = new URL("../../src/inbox/assets/", import.meta.url);

  const server = createServer((req, res) => {
    const path = req.url ?? "/";
    if (req.method === "GET" && (path === "/" || path === "/index.html")) return void sendAsset(res, assets, "index.html", "text/html; charset=utf-8");
    if (req.method === "GET" && path === "/_inbox/app.js") return void sendAsset(res, assets, "app.js", "text/javascript; charset=utf-8");
    if (req.method === "GET" && path === "/_inbox/app.css") return void sendAsset(res, assets, "app.css", "text/css; charset=utf-8");
    // A browser asks for it on opening the page; it is not a callback's request.
    if (req.method === "GET" && path === "/favicon.ico") return void res.writeHead(204).end();
    if (req.method === "GET" && path === "/_inbox/api/requests") {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(history));
      return;
    }
    if (req.method === "GET" && path === "/_inbox/events") {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" });
      res.write(": hookline inbox\n\n");
      clients.add(res);
      req.on("close", () => clients.delete(res));
      return;
    }
    void record(req).then(
      (entry) => {
        history.push(entry);
        if (history.length > limit) history.splice(0, history.length - limit);
        const message = `event: request\ndata: ${JSON.stringify(entry)}\n\n`;
        for (const client of clients) client.write(message);
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, events: entry.events.length }));
      },
      (err: Error) => res.writeHead(413, { "content-type": "text/plain" }).end(err.message),
    );
  });

  async function record(req: IncomingMessage): Promise<InboxRequest> {
    const raw = await readBody(req);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      headers[name] = maskHeader(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const encoding = req.headers["content-encoding"]?.toLowerCase();
    let error: string | undefined;
    let events: InboxEvent[] = [];
    let format = "empty";
    try {
      const text = decode(raw, encoding).toString("utf8");
      ({ format, events } = parseBody(text));
    } catch (err) {
      error = (err as Error).message;
      format = "unreadable";
    }
    const path = req.url ?? "/";
    return {
      id: nextId++,
      receivedAt: new Date().toISOString(),
      method: req.method ?? "POST",
      path,
      callback: String(req.headers["x-hookline-callback"] ?? path.split("?")[0]),
      headers,
      size: raw.length,
      contentEncoding: encoding,
      format,
      error,
      events,
    };
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/`,
    requests: () => history,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of clients) client.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function sendAsset(res: ServerResponse, dir: URL, name: string, type: string): Promise<void> {
  const body = await readFile(new URL(name, dir));
  res.writeHead(200, {
    "content-type": type,
    "cache-control": "no-store",
    "content-security-policy": "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:",
    "x-content-type-options": "nosniff",
  }).end(body);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error(`body over ${MAX_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Undoes a Content-Encoding: gzip, deflate (zlib or raw), br, and zstd where Node has it. */
export function decode(raw: Buffer, encoding: string | undefined): Buffer {
  if (!encoding || encoding === "identity" || raw.length === 0) return raw;
  switch (encoding) {
    case "gzip":
    case "x-gzip":
      return zlib.gunzipSync(raw);
    case "deflate":
      try {
        return zlib.inflateSync(raw);
      } catch {
        return zlib.inflateRawSync(raw);
      }
    case "br":
      return zlib.brotliDecompressSync(raw);
    case "zstd": {
      const zstd = (zlib as unknown as { zstdDecompressSync?: (b: Buffer) => Buffer }).zstdDecompressSync;
      if (!zstd) throw new Error("zstd bodies need Node 22.15 or later");
      return zstd(raw);
    }
    default:
      throw new Error(`unknown Content-Encoding "${encoding}"`);
  }
}

/** Finds the events in a body of any format hookline produces. */
export function parseBody(text: string): { format: string; events: InboxEvent[] } {
  const trimmed = text.trim();
  if (trimmed === "") return { format: "empty", events: [] };
  let values: unknown[];
  let format: string;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (Array.isArray(parsed)) {
      values = parsed;
      format = "json_array";
    } else {
      values = [parsed];
      format = "single";
    }
  } catch {
    // Newline-delimited: ndjson, splunk_hec (concatenated objects one a line), elasticsearch_bulk.
    values = trimmed.split(/\r?\n/).filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as unknown);
    format = "ndjson";
    if (values.length > 1 && values.every((v, i) => (i % 2 === 0 ? isBulkAction(v) : true))) {
      values = values.filter((_, i) => i % 2 === 1);
      format = "elasticsearch_bulk";
    }
  }
  const events: InboxEvent[] = [];
  for (const value of values) {
    const unwrapped = unwrap(value);
    format = unwrapped.format ?? format;
    for (const payload of unwrapped.payloads) events.push(describe(payload));
  }
  return { format, events };
}

function isBulkAction(v: unknown): boolean {
  return isObject(v) && Object.keys(v).length === 1 && ["index", "create"].includes(Object.keys(v)[0]!);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The payloads inside one value: OTLP logs, Loki streams, Splunk HEC and chat webhooks are envelopes. */
function unwrap(value: unknown): { format?: string; payloads: unknown[] } {
  if (!isObject(value)) return { payloads: [value] };
  if (Array.isArray(value.resourceLogs)) {
    const payloads: unknown[] = [];
    for (const rl of value.resourceLogs as unknown[])
      for (const sl of (isObject(rl) && Array.isArray(rl.scopeLogs) ? rl.scopeLogs : []) as unknown[])
        for (const record of (isObject(sl) && Array.isArray(sl.logRecords) ? sl.logRecords : []) as unknown[])
          payloads.push(otlpRecord(record));
    return { format: "otlp_json", payloads };
  }
  if (Array.isArray(value.streams)) {
    const payloads: unknown[] = [];
    for (const stream of value.streams as unknown[])
      for (const entry of (isObject(stream) && Array.isArray(stream.values) ? stream.values : []) as unknown[])
        payloads.push(Array.isArray(entry) && typeof entry[1] === "string" ? tryJson(entry[1]) : entry);
    return { format: "loki", payloads };
  }
  if ("event" in value && ("time" in value || "sourcetype" in value || "host" in value || "source" in value)) {
    return { format: "splunk_hec", payloads: [typeof value.event === "string" ? tryJson(value.event) : value.event] };
  }
  if ((typeof value.text === "string" || typeof value.content === "string") && !("model" in value)) {
    return { format: "chat_webhook", payloads: [value] };
  }
  return { payloads: [value] };
}

/** An OTLP log record: its body (the whole payload, by default) as plain JSON, else its attributes. */
function otlpRecord(record: unknown): unknown {
  if (!isObject(record)) return record;
  const body = fromAnyValue(record.body);
  if (isObject(body)) return body;
  if (typeof body === "string" && isObject(tryJson(body))) return tryJson(body);
  const flat: Record<string, unknown> = {};
  for (const attr of (Array.isArray(record.attributes) ? record.attributes : []) as unknown[]) {
    if (isObject(attr) && typeof attr.key === "string") flat[attr.key] = fromAnyValue(attr.value);
  }
  return flat;
}

/** An OTLP `AnyValue` as plain JSON. */
function fromAnyValue(value: unknown): unknown {
  if (!isObject(value)) return undefined;
  if ("stringValue" in value) return value.stringValue;
  if ("boolValue" in value) return value.boolValue;
  if ("intValue" in value) return Number(value.intValue);
  if ("doubleValue" in value) return value.doubleValue;
  if (isObject(value.arrayValue)) return ((value.arrayValue.values ?? []) as unknown[]).map(fromAnyValue);
  if (isObject(value.kvlistValue)) {
    const out: Record<string, unknown> = {};
    for (const kv of (value.kvlistValue.values ?? []) as unknown[]) if (isObject(kv) && typeof kv.key === "string") out[kv.key] = fromAnyValue(kv.value);
    return out;
  }
  return undefined;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function pick(obj: Record<string, unknown>, ...keys: string[]): unknown {
  for (const key of keys) {
    const v = key.split(".").reduce<unknown>((o, k) => (isObject(o) ? o[k] : undefined), obj);
    if (v !== undefined && v !== null) return v;
  }
  return undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined;
}

function num(v: unknown): number | undefined {
  const n = typeof v === "string" ? Number(v) : v;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}

/** The table columns of one payload (a StandardLoggingPayload, or a formatted version of it). */
export function describe(payload: unknown): InboxEvent {
  if (!isObject(payload)) return { time: undefined, model: undefined, status: undefined, tokens: undefined, cost: undefined, latencyMs: undefined, callType: undefined, payload };
  const start = num(pick(payload, "startTime", "start_time"));
  const end = num(pick(payload, "endTime", "end_time"));
  const time = str(pick(payload, "@timestamp", "timestamp")) ?? (start !== undefined ? new Date(start * (start < 1e11 ? 1000 : 1)).toISOString() : undefined);
  // LiteLLM's response_time is in seconds, like its startTime and endTime.
  const responseSeconds = num(pick(payload, "response_time"));
  const latency =
    num(pick(payload, "latency_ms")) ??
    (responseSeconds !== undefined ? Math.round(responseSeconds * 1000) : undefined) ??
    (start !== undefined && end !== undefined ? Math.round((end - start) * (start < 1e11 ? 1000 : 1)) : undefined);
  return {
    time,
    model: str(pick(payload, "model", "model_group", "gen_ai.request.model")),
    status: str(pick(payload, "status", "litellm.status")),
    tokens: num(pick(payload, "total_tokens", "usage.total_tokens", "gen_ai.usage.total_tokens")),
    cost: num(pick(payload, "response_cost", "cost", "litellm.response_cost")),
    latencyMs: latency,
    callType: str(pick(payload, "call_type", "litellm.call_type")),
    payload,
  };
}
