import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Output } from "../console-output.js";
import { DEMO_CONFIG } from "../demo-config.js";
import { startReceiver, LOGS_PATH } from "../receiver/http-receiver.js";
import { replayLines } from "../replay-lines.js";
import { startRuntime, type ConfigSource } from "../runtime.js";
import { sampleEvents } from "../sample-events.js";
import { summaryTable, undelivered } from "../summary-table.js";
import { startInbox, type Inbox } from "../inbox/inbox-server.js";
import { UsageError } from "../usage-error.js";

interface Received {
  path: string;
  contentType: string;
  contentEncoding: string | undefined;
  authorization: boolean;
  body: string;
}

/**
 * `hookline demo [--config FILE] [--events FILE]`: starts a local endpoint, runs a config (the
 * embedded demo config by default) against it, replays sample events through it, relays a few
 * more through the HTTP receiver as a LiteLLM proxy would, and shows what each callback delivered.
 * With `--inbox` the endpoint is a `hookline inbox`: the demo prints its page address and keeps it
 * open until SIGINT/SIGTERM.
 */
export async function demoCommand(values: DemoArguments, context: { readonly output: Output; readonly stopSignal?: () => Promise<string> }): Promise<number> {
  const options: DemoOptions = { config: values.config, events: values.events, count: parseCount(values.count) };
  if (values.inbox) return demoWithInbox(options, context);
  const { output } = context;
  const received: Received[] = [];
  const endpoint = createServer((req, res) => {
    void readAll(req).then((raw) => {
      const encoding = req.headers["content-encoding"];
      received.push({
        path: req.url ?? "/",
        contentType: String(req.headers["content-type"] ?? ""),
        contentEncoding: encoding,
        authorization: req.headers.authorization !== undefined,
        body: (encoding === "gzip" ? gunzipSync(raw) : raw).toString("utf8"),
      });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => endpoint.listen(0, "127.0.0.1", resolve));
  const endpointUrl = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}`;

  try {
    output.out(`hookline demo: a local endpoint is listening on ${endpointUrl}`);
    const pipeline = await startDemoPipeline(options, endpointUrl, output);
    const stats = await replayLines(demoLines(options), pipeline, output);
    output.out(`replayed ${stats.events} event(s) in-process${stats.malformed ? ` (${stats.malformed} malformed line(s) skipped)` : ""}`);

    const receiver = await startReceiver(pipeline, { port: 0 });
    const relayed = sampleEvents(5, 99);
    const response = await fetch(`${receiver.url}${LOGS_PATH}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(relayed) });
    output.out(`relayed ${relayed.length} more through ${receiver.url}${LOGS_PATH} as a LiteLLM proxy would: HTTP ${response.status} ${await response.text()}`);
    await receiver.close();

    const report = await pipeline.shutdown();
    output.out("");
    output.out(summaryTable(report.callbacks));
    output.out("");
    output.out("what the endpoint received:");
    for (const path of [...new Set(received.map((r) => r.path))]) {
      const requests = received.filter((r) => r.path === path);
      const first = requests[0]!;
      output.out(
        `  POST ${path}: ${requests.length} request(s), Content-Type ${first.contentType}${first.contentEncoding ? `, Content-Encoding ${first.contentEncoding}` : ""}${first.authorization ? ", Authorization header set" : ""}`,
      );
      output.out(`    first body (${Buffer.byteLength(first.body)} bytes): ${excerpt(first.body)}`);
    }
    return undelivered(report.callbacks) === 0 ? 0 : 1;
  } finally {
    endpoint.close();
  }
}

/** The options of `hookline demo`, as typed on the command line. */
export interface DemoArguments {
  readonly config?: string | undefined;
  readonly events?: string | undefined;
  /** @default "40" */
  readonly count?: string | undefined;
  readonly inbox?: boolean | undefined;
}

interface DemoOptions {
  readonly config: string | undefined;
  readonly events: string | undefined;
  readonly count: number;
}

/** Runs the demo's config (the embedded one unless `--config`) with its endpoint at `endpointUrl`. */
async function startDemoPipeline(options: DemoOptions, endpointUrl: string, output: Output) {
  const source: ConfigSource = options.config ? { file: options.config } : { text: DEMO_CONFIG, name: "<embedded demo config>", dir: process.cwd() };
  const { pipeline } = await startRuntime(source, { output, env: { ...process.env, HOOKLINE_DEMO_ENDPOINT: endpointUrl } });
  output.out(`config: ${"file" in source ? source.file : source.name}, callbacks: ${pipeline.callbackNames.join(", ")}`);
  return pipeline;
}

/** The lines the demo replays: `--events FILE`, else `--count` sample events. */
function demoLines(options: DemoOptions): AsyncIterable<string> {
  return toAsync(
    options.events
      ? createInterface({ input: createReadStream(options.events), crlfDelay: Infinity })
      : sampleEvents(options.count).map((payload) => JSON.stringify(payload)),
  );
}

async function demoWithInbox(options: DemoOptions, context: { readonly output: Output; readonly stopSignal?: () => Promise<string> }): Promise<number> {
  const { output } = context;
  const stop = context.stopSignal?.();
  const inbox: Inbox = await startInbox({ port: 0 });
  try {
    output.out(`hookline demo: an inbox is listening on ${inbox.url}`);
    const pipeline = await startDemoPipeline(options, inbox.url.replace(/\/$/, ""), output);
    const stats = await replayLines(demoLines(options), pipeline, output);
    const report = await pipeline.shutdown();
    output.out(`sent ${stats.events} event(s); the inbox received ${inbox.requests().length} request(s)`);
    output.out("");
    output.out(summaryTable(report.callbacks));
    output.out("");
    output.out(`open ${inbox.url}`);
    output.out("(Ctrl-C stops the inbox)");
    const signal = await (stop ?? new Promise<string>(() => undefined));
    output.out(`hookline demo: stopped (${signal})`);
    return undelivered(report.callbacks) === 0 ? 0 : 1;
  } finally {
    await inbox.close();
  }
}

function excerpt(body: string): string {
  const oneLine = body.replace(/\n/g, "\\n");
  return oneLine.length > 160 ? `${oneLine.slice(0, 160)}…` : oneLine;
}

async function* toAsync(lines: Iterable<string> | AsyncIterable<string>): AsyncIterable<string> {
  yield* lines;
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** `--count`: a whole number of sample events from 1 to 100,000 (40 when absent). */
function parseCount(text: string | undefined): number {
  if (text === undefined) return 40;
  const count = /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(count) || count < 1 || count > 100_000) throw new UsageError(`--count: expected a whole number of events from 1 to 100000, got "${text}"`);
  return count;
}
