/**
 * The counting receiver: a separate process on 127.0.0.1 that every driver sends to.
 *
 *   node bench/dist/receiver.js [--port 0] [--mode steady|slow|outage] [--delay-ms 20] [--outage-ms 3000] [--exit-with-stdin]
 *
 * (env: RECEIVER_PORT, RECEIVER_MODE, RECEIVER_DELAY_MS, RECEIVER_OUTAGE_MS). Prints one line
 * `{"listening":"http://127.0.0.1:PORT"}` on stdout once it listens.
 *
 * Data: any POST/PUT/PATCH whose first path segment names a body format (see receiver-parse.ts).
 * Per path it counts requests, bytes, records and DISTINCT event ids, so loss and duplicates are
 * measured rather than inferred from request counts.
 *
 * Control: GET /stats (counts, mode, the receiver's own CPU and RSS), POST /reset, POST /control
 * with a JSON `ReceiverControl` (mode change; resets unless `"reset": false`), GET /health.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { parseArgs } from "node:util";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import { extractIds, formatOfPath } from "./receiver-parse.js";
import type { PathStats, ReceiverControl, ReceiverMode, ReceiverStats } from "./types.js";

const now = (): number => performance.timeOrigin + performance.now();

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    mode: { type: "string" },
    "delay-ms": { type: "string" },
    "outage-ms": { type: "string" },
    "exit-with-stdin": { type: "boolean" },
  },
  strict: true,
});

let mode: ReceiverMode = parseMode(values.mode ?? process.env["RECEIVER_MODE"] ?? "steady");
let delayMs = Number(values["delay-ms"] ?? process.env["RECEIVER_DELAY_MS"] ?? 20);
let outageMs = Number(values["outage-ms"] ?? process.env["RECEIVER_OUTAGE_MS"] ?? 3000);
let outageStartedAt: number | null = null;
let cpuAtReset = process.cpuUsage();
let paths = new Map<string, PathStats>();
let seen = new Map<string, Set<string>>();

function parseMode(text: string): ReceiverMode {
  if (text === "steady" || text === "slow" || text === "outage") return text;
  throw new Error(`unknown receiver mode ${JSON.stringify(text)}; expected steady, slow or outage`);
}

function reset(): void {
  cpuAtReset = process.cpuUsage();
  paths = new Map();
  seen = new Map();
  outageStartedAt = null;
}

function statsOf(path: string): PathStats {
  let stats = paths.get(path);
  if (!stats) {
    stats = { requests: 0, okRequests: 0, rejectedRequests: 0, bytes: 0, records: 0, distinct: 0, duplicates: 0, missingIds: 0, parseErrors: 0, firstAt: 0, lastAt: 0, lastNewAt: 0 };
    paths.set(path, stats);
    seen.set(path, new Set());
  }
  return stats;
}

function snapshot(): ReceiverStats {
  const cpu = process.cpuUsage();
  return {
    mode,
    delayMs,
    outageMs,
    outageStartedAt,
    now: now(),
    pid: process.pid,
    cpuUserUs: cpu.user,
    cpuSystemUs: cpu.system,
    cpuSinceResetUs: cpu.user - cpuAtReset.user + (cpu.system - cpuAtReset.system),
    rssBytes: process.memoryUsage.rss(),
    paths: Object.fromEntries(paths),
  };
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function decode(body: Buffer, encoding: string | undefined): string {
  switch ((encoding ?? "identity").toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return gunzipSync(body).toString("utf8");
    case "deflate":
      return inflateSync(body).toString("utf8");
    case "br":
      return brotliDecompressSync(body).toString("utf8");
    default:
      return body.toString("utf8");
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  response.end(text);
}

function accept(path: string, request: IncomingMessage, body: Buffer, response: ServerResponse): void {
  const stats = statsOf(path);
  const format = formatOfPath(path)!;
  let parsed;
  try {
    parsed = extractIds(format, decode(body, request.headers["content-encoding"]));
  } catch (error) {
    stats.parseErrors++;
    stats.lastParseError = (error as Error).message.slice(0, 200);
    send(response, 400, { error: stats.lastParseError });
    return;
  }
  const ids = seen.get(path)!;
  const before = ids.size;
  for (const id of parsed.ids) ids.add(id);
  stats.okRequests++;
  stats.records += parsed.ids.length + parsed.missing;
  stats.missingIds += parsed.missing;
  stats.duplicates += parsed.ids.length - (ids.size - before);
  stats.distinct = ids.size;
  if (ids.size > before) stats.lastNewAt = now();
  send(response, 200, { ok: true });
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = (request.url ?? "/").split("?")[0]!;
  const body = await readBody(request);

  if (request.method === "GET" && path === "/stats") return send(response, 200, snapshot());
  if (request.method === "GET" && path === "/health") return send(response, 200, { status: "ok" });
  if (request.method === "POST" && path === "/reset") {
    reset();
    return send(response, 200, { ok: true });
  }
  if (request.method === "POST" && path === "/control") {
    const control = (body.length > 0 ? JSON.parse(body.toString("utf8")) : {}) as ReceiverControl;
    if (control.mode !== undefined) mode = parseMode(control.mode);
    if (control.delayMs !== undefined) delayMs = control.delayMs;
    if (control.outageMs !== undefined) outageMs = control.outageMs;
    if (control.reset !== false) reset();
    else outageStartedAt = null;
    return send(response, 200, { ok: true, mode, delayMs, outageMs });
  }

  if (formatOfPath(path) === undefined || request.method === "GET") return send(response, 404, { error: `no route ${path}` });

  const stats = statsOf(path);
  const at = now();
  stats.requests++;
  stats.bytes += body.length;
  if (stats.firstAt === 0) stats.firstAt = at;
  stats.lastAt = at;

  if (mode === "outage") {
    outageStartedAt ??= at;
    if (at - outageStartedAt < outageMs) {
      stats.rejectedRequests++;
      return send(response, 503, { error: "outage" });
    }
  }
  if (mode === "slow" && delayMs > 0) {
    setTimeout(() => accept(path, request, body, response), delayMs);
    return;
  }
  accept(path, request, body, response);
}

const server = createServer((request, response) => {
  handle(request, response).catch((error: unknown) => {
    if (!response.headersSent) send(response, 500, { error: String(error) });
  });
});
server.keepAliveTimeout = 65_000;
server.headersTimeout = 70_000;
server.requestTimeout = 0;

const port = Number(values.port ?? process.env["RECEIVER_PORT"] ?? 0);
server.listen(port, "127.0.0.1", () => {
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  process.stdout.write(`${JSON.stringify({ listening: `http://127.0.0.1:${address.port}`, pid: process.pid })}\n`);
});

const stop = (): void => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
if (values["exit-with-stdin"]) {
  // Never outlive the suite: exit when the parent's pipe closes, even if the parent was killed.
  process.stdin.on("end", stop);
  process.stdin.on("error", stop);
  process.stdin.resume();
}
