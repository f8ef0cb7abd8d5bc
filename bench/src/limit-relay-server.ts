/**
 * The relay LIMIT (driver `limit-relay`): the least a relay that takes LiteLLM's POSTs and
 * delivers them to several destinations has to do, as its own process, started by the relay
 * driver the way it starts `hookline run`:
 *
 *   node bench/dist/limit-relay-server.js --concurrency 4 URL [URL...]
 *
 * It listens on 127.0.0.1 (a free port) and prints `hookline listening on <url>/v1/callbacks/logs`,
 * the line `hookline run` prints, so the driver finds both the same way. Every POST to
 * /v1/callbacks/logs is read whole, its bytes are queued UNCHANGED (no parse, no split, no
 * re-batching) for every destination, and it is answered 200 at once, as hookline answers once the
 * events are in its queues, before delivery. Each destination posts its queue in order with undici
 * over one shared keep-alive Agent, at most `concurrency` requests in flight, retrying retryable
 * answers like the in-process limit (limit-post.ts). On SIGTERM it stops accepting, drains every
 * queue and exits: 0 when every body was delivered, 1 when one ran out of retries (as hookline run
 * exits 1 when events were not delivered).
 *
 * SIGUSR2 is the relay driver's "start measuring now" for the preloaded monitor
 * (child-monitor.ts), which handles it; like `hookline run`, this program has no handler of its own.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { Agent } from "undici";
import { postTarget, postWithRetries, type PostTarget } from "./limit-post.js";

const LOGS_PATH = "/v1/callbacks/logs";

/** One destination: a FIFO queue of bodies, at most `concurrency` of them in flight. */
class Destination {
  readonly #agent: Agent;
  readonly #target: PostTarget;
  readonly #concurrency: number;
  readonly #queue: Buffer[] = [];
  #inFlight = 0;
  #onIdle: (() => void) | undefined;
  delivered = 0;
  retries = 0;
  failed = 0;

  constructor(agent: Agent, target: PostTarget, concurrency: number) {
    this.#agent = agent;
    this.#target = target;
    this.#concurrency = concurrency;
  }

  enqueue(body: Buffer): void {
    this.#queue.push(body);
    this.#pump();
  }

  /** Resolves once the queue is empty and nothing is in flight. */
  drained(): Promise<void> {
    if (this.#idle()) return Promise.resolve();
    return new Promise((resolve) => (this.#onIdle = resolve));
  }

  #idle(): boolean {
    return this.#inFlight === 0 && this.#queue.length === 0;
  }

  #pump(): void {
    while (this.#inFlight < this.#concurrency && this.#queue.length > 0) {
      this.#inFlight++;
      void this.#deliver(this.#queue.shift()!).finally(() => {
        this.#inFlight--;
        this.#pump();
        if (this.#idle()) this.#onIdle?.();
      });
    }
  }

  async #deliver(body: Buffer): Promise<void> {
    const delivered = await postWithRetries(this.#agent, this.#target, body, "application/json", () => this.retries++);
    if (delivered) this.delivered++;
    else this.failed++;
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
  });
}

function answer(res: ServerResponse, status: number): void {
  res.writeHead(status, { "content-length": 0 });
  res.end();
}

function parseCommandLine(args: readonly string[]): { concurrency: number; urls: string[] } {
  const { values, positionals } = parseArgs({ args: [...args], options: { concurrency: { type: "string" } }, allowPositionals: true });
  const concurrency = Number(values.concurrency ?? "4");
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`--concurrency: expected an integer >= 1, got "${values.concurrency}"`);
  if (positionals.length === 0) throw new Error("usage: limit-relay-server.js [--concurrency N] URL [URL...]");
  return { concurrency, urls: positionals };
}

async function main(): Promise<void> {
  const { concurrency, urls } = parseCommandLine(process.argv.slice(2));
  const agent = new Agent();
  const destinations = urls.map((url) => new Destination(agent, postTarget(url), concurrency));
  let closing = false;

  const server = createServer((req, res) => {
    // Once closing, answers close their connection, so a kept-alive client cannot hold the drain open.
    if (closing) res.setHeader("connection", "close");
    if (req.method !== "POST" || req.url !== LOGS_PATH) {
      req.resume();
      return answer(res, 404);
    }
    readBody(req).then(
      (body) => {
        for (const destination of destinations) destination.enqueue(body);
        answer(res, 200);
      },
      () => res.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`hookline listening on http://127.0.0.1:${port}${LOGS_PATH}\n`);

  await new Promise((resolve) => process.once("SIGTERM", resolve));
  closing = true;
  await new Promise((resolve) => server.close(resolve));
  await Promise.all(destinations.map((d) => d.drained()));
  await agent.close();
  const sum = (pick: (d: Destination) => number) => destinations.reduce((total, d) => total + pick(d), 0);
  process.stderr.write(`limit relay: ${sum((d) => d.delivered)} bodies delivered, ${sum((d) => d.retries)} retries, ${sum((d) => d.failed)} given up\n`);
  process.exit(sum((d) => d.failed) > 0 ? 1 : 0);
}

main().catch((error: unknown) => {
  process.stderr.write(`limit relay failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(2);
});
