import { createPipeline, deadLetterFile, type Pipeline } from "@hookline/core";
import { httpExporter } from "@hookline/exporters";
import { ndjson } from "@hookline/formatters";
import { connectNats, natsExporter, natsSource, type NatsSource } from "@hookline/nats";
import { jetstreamManager } from "@nats-io/jetstream";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startCaptureServer } from "../support/capture-server.js";
import { useCleanup } from "../support/cleanup.js";
import { startNatsServer, type NatsServer } from "../support/nats-server.js";
import { idsOf, successes } from "../support/payloads.js";
import { makeTempDir } from "../support/temp-files.js";
import { waitFor } from "../support/wait-for.js";

const cleanup = useCleanup();

async function natsServer(): Promise<NatsServer> {
  const server = await startNatsServer();
  cleanup(() => server.remove());
  return server;
}

/** The stream's message count and a consumer's state, read from the server. */
async function state(server: NatsServer, durable?: string) {
  const nc = await connectNats({ servers: [server.url] });
  try {
    const jsm = await jetstreamManager(nc);
    const stream = await jsm.streams.info("HOOKLINE");
    const consumer = durable === undefined ? undefined : await jsm.consumers.info("HOOKLINE", durable);
    return { messages: stream.state.messages, ackPending: consumer?.num_ack_pending, pending: consumer?.num_pending, redelivered: consumer?.num_redelivered };
  } finally {
    await nc.close();
  }
}

function ndjsonBody(payloads: readonly object[]): string {
  return payloads.map((p) => JSON.stringify(p)).join("\n") + "\n";
}

/** Publishes payloads through a pipeline whose only callback is the nats exporter. */
async function publish(server: NatsServer, payloads: readonly object[]): Promise<void> {
  const pipeline = createPipeline({ callbacks: [{ name: "jetstream", formatter: ndjson(), exporter: natsExporter({ servers: [server.url] }), flushIntervalMs: 10 }] });
  for (const payload of payloads) pipeline.log(payload as never);
  const report = await pipeline.shutdown({ deadlineMs: 10_000 });
  expect(report.callbacks[0]!.sent).toBe(payloads.length);
}

describe("nats exporter", () => {
  it("counts a body delivered once JetStream stored every event, and a retried body is not stored twice", async () => {
    const server = await natsServer();
    const exporter = natsExporter({ servers: [server.url] });
    cleanup(() => exporter.close?.());
    const body = ndjsonBody(successes(3));
    const signal = new AbortController().signal;
    expect(await exporter.export({ body, contentType: "application/x-ndjson", eventCount: 3 }, { signal })).toEqual({ kind: "success" });
    expect((await state(server)).messages).toBe(3);
    // The same events again (a retry, or LiteLLM sending the body again): the message ids match.
    expect(await exporter.export({ body: Buffer.from(body), contentType: "application/x-ndjson", eventCount: 3 }, { signal })).toEqual({ kind: "success" });
    expect((await state(server)).messages).toBe(3);
  });

  it("is retryable while the server is down, and delivers once it is back", async () => {
    const server = await natsServer();
    await server.kill();
    const exporter = natsExporter({ servers: [server.url], timeoutMs: 500 });
    cleanup(() => exporter.close?.());
    const request = { body: ndjsonBody(successes(2)), contentType: "application/x-ndjson", eventCount: 2 };
    const down = await exporter.export(request, { signal: new AbortController().signal });
    expect(down.kind).toBe("retryable");
    await server.restart();
    expect(await exporter.export(request, { signal: new AbortController().signal })).toEqual({ kind: "success" });
    expect((await state(server)).messages).toBe(2);
  });

  it("refuses a body that is not one event per line", async () => {
    const exporter = natsExporter({ servers: ["nats://127.0.0.1:1"] });
    const result = await exporter.export({ body: "[{},{}]", contentType: "application/json", eventCount: 2 }, { signal: new AbortController().signal });
    expect(result).toMatchObject({ kind: "failure", reason: expect.stringContaining("log_format ndjson or single") });
  });
});

describe("nats source", () => {
  async function worker(server: NatsServer, endpoint: string, extra: { deadLetterPath?: string; ackWaitMs?: number } = {}): Promise<{ pipeline: Pipeline; source: NatsSource }> {
    const pipeline = createPipeline({
      callbacks: [
        {
          name: "api",
          formatter: ndjson(),
          exporter: httpExporter({ url: endpoint }),
          flushIntervalMs: 10,
          retry: { maxRetries: 0 },
          ...(extra.deadLetterPath ? { deadLetters: deadLetterFile(extra.deadLetterPath) } : {}),
        },
      ],
    });
    const source = natsSource({ servers: [server.url], consumers: [{ callback: "api", durable: "hookline_api" }], ...(extra.ackWaitMs ? { ackWaitMs: extra.ackWaitMs } : {}) });
    await source.start(pipeline);
    cleanup(async () => {
      await source.stop();
      await pipeline.shutdown({ deadlineMs: 1000 });
      await source.close?.();
    });
    return { pipeline, source };
  }

  it("delivers what the stream holds and acknowledges each event once delivered", async () => {
    const server = await natsServer();
    const endpoint = await startCaptureServer();
    cleanup(() => endpoint.close());
    await publish(server, successes(20));
    const { source } = await worker(server, endpoint.url);
    const items = await endpoint.waitForItems(20);
    expect(new Set(idsOf(items)).size).toBe(20);
    await waitFor(async () => (await state(server, "hookline_api")).ackPending === 0 && source.stats.acknowledged === 20, { timeoutMs: 5000, what: "every event acknowledged" });
    expect((await state(server, "hookline_api")).pending).toBe(0);
  });

  it("two workers share one consumer: each event goes to one of them", async () => {
    const server = await natsServer();
    const endpoint = await startCaptureServer();
    cleanup(() => endpoint.close());
    const a = await worker(server, endpoint.url);
    const b = await worker(server, endpoint.url);
    await publish(server, successes(400));
    const items = await endpoint.waitForItems(400, { timeoutMs: 10_000 });
    await waitFor(() => a.source.stats.acknowledged + b.source.stats.acknowledged === 400, { what: "400 acknowledgements" });
    expect(new Set(idsOf(items)).size).toBe(400);
    expect(items.length).toBe(400);
    expect(a.source.stats.taken).toBeGreaterThan(0);
    expect(b.source.stats.taken).toBeGreaterThan(0);
  });

  it("acknowledges an event the endpoint refuses once it is in the dead letters, and gives back one it cannot keep", async () => {
    const server = await natsServer();
    const endpoint = await startCaptureServer({ respond: () => ({ status: 400 }) });
    cleanup(() => endpoint.close());
    const dir = await makeTempDir();
    cleanup(() => dir.remove());
    await publish(server, successes(3));
    const kept = await worker(server, endpoint.url, { deadLetterPath: join(dir.path, "dead.ndjson") });
    await waitFor(() => kept.source.stats.acknowledged === 3, { what: "3 acknowledgements" });
    const dead = (await readFile(join(dir.path, "dead.ndjson"), "utf8")).trim().split("\n");
    expect(dead).toHaveLength(3);
    expect((await state(server, "hookline_api")).ackPending).toBe(0);
  });

  it("gives back an event it could not keep (no dead letters): the stream still has it to deliver", async () => {
    const server = await natsServer();
    const endpoint = await startCaptureServer({ respond: () => ({ status: 400 }) });
    cleanup(() => endpoint.close());
    await publish(server, successes(2));
    const { source } = await worker(server, endpoint.url, { ackWaitMs: 1000 });
    await waitFor(() => source.stats.returned >= 2, { what: "2 events given back" });
    expect(source.stats.acknowledged).toBe(0);
    // Given back with a delay of ack_wait, then delivered again: redelivered and counted.
    await waitFor(() => source.stats.redelivered >= 2, { timeoutMs: 5000, what: "the events redelivered" });
    endpoint.respond(() => undefined);
    await waitFor(() => source.stats.acknowledged === 2, { timeoutMs: 5000, what: "2 acknowledgements once the endpoint takes them" });
  });
});
