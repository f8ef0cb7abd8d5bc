/**
 * The HTTP receiver of `hookline run`: takes what LiteLLM's generic_api callback POSTs (each
 * log_format), answers like an endpoint should, and relays the events to the callbacks.
 */
import { request as httpRequest } from "node:http";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { LOGS_PATH, openReceiverDeadLetters, sampleEvents, startReceiver, type Receiver } from "../packages/cli/dist/index.js";
import { startCaptureServer, type CaptureServer } from "./support/capture-server.js";
import { useCleanup } from "./support/cleanup.js";
import { pipelineFromYaml, shutdownQuickly, type ConfigPipeline } from "./support/config-pipeline.js";
import { failure, idsOf, success } from "./support/payloads.js";
import { makeTempDir } from "./support/temp-files.js";

const cleanup = useCleanup();

interface Relay {
  readonly server: CaptureServer;
  readonly built: ConfigPipeline;
  readonly receiver: Receiver;
  readonly logsUrl: string;
  /** POSTs `body` to the receiver; returns status, headers and parsed JSON body. */
  post(body: string | Buffer, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; json: any }>;
}

/** Capture server <- pipeline (ndjson at /lines, json_array at /array) <- receiver (with `dead.ndjson` in a temp dir when `deadLetters`). */
async function startRelay(deadLetters = false): Promise<Relay & { deadLetterLines(): Promise<any[]> }> {
  const server = await startCaptureServer();
  cleanup(() => server.close());
  const built = await pipelineFromYaml(`
litellm_settings:
  callbacks: ["lines", "array"]
callback_settings:
  lines:
    callback_type: generic_api
    endpoint: ${server.url}/lines
    log_format: ndjson
  array:
    callback_type: generic_api
    endpoint: ${server.url}/array
`);
  cleanup(() => shutdownQuickly(built.pipeline));
  const dir = await makeTempDir("hookline-receiver-");
  cleanup(() => dir.remove());
  const deadPath = join(dir.path, "dead.ndjson");
  const sink = deadLetters ? await openReceiverDeadLetters(deadPath) : undefined;
  if (sink) cleanup(() => sink.close());
  const receiver = await startReceiver(built.pipeline, { port: 0, ...(sink ? { deadLetters: sink } : {}) });
  cleanup(() => receiver.close());
  const logsUrl = `${receiver.url}${LOGS_PATH}`;
  return {
    async deadLetterLines() {
      const text = await readFile(deadPath, "utf8").catch(() => "");
      return text.split("\n").filter((line) => line !== "").map((line) => JSON.parse(line));
    },
    server,
    built,
    receiver,
    logsUrl,
    async post(body, headers = {}) {
      const response = await fetch(logsUrl, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
      const text = await response.text();
      return { status: response.status, headers: response.headers, json: text === "" ? undefined : JSON.parse(text) };
    },
  };
}

/** Compact JSON texts with odd spacing, key order and number spelling: a re-serialization would change them. */
const RAW_A = '{"status":"success","id":"a",  "model":"gpt-4o","response_cost":1.0E-3,"unicode":"caf\\u00e9"}';
const RAW_B = '{"id":"b","status":"failure","model":"gpt-4o","response_cost":0.000,"extra":{"z":1,"a":[1,2]}}';

describe("each LiteLLM log_format is accepted and relayed", () => {
  it("a JSON array: 200 {accepted: 2, rejected: []}; the original JSON texts are forwarded byte for byte", async () => {
    const relay = await startRelay();
    const body = `[${RAW_A},${RAW_B}]`;
    const response = await relay.post(body);
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ accepted: 2, rejected: [] });

    await relay.built.pipeline.flush();
    expect(relay.server.requestsTo("/lines").map((r) => r.text)).toEqual([`${RAW_A}\n${RAW_B}\n`]);
    expect(relay.server.requestsTo("/array").map((r) => r.text)).toEqual([body]);
  });

  it("many large bodies posted at once: every text arrives once, intact (bodies read across their chunks; request bodies reuse memory only when done)", async () => {
    const relay = await startRelay();
    const texts = Array.from({ length: 3000 }, (_, i) => `{"status":"success","id":"big-${i}","pad":"${String(i).padStart(6, "0").repeat(300)}"}`);
    const bodies = Array.from({ length: 30 }, (_, b) => `[${texts.slice(b * 100, b * 100 + 100).join(",")}]`);
    const answers = await Promise.all(bodies.map((body) => relay.post(body)));
    expect(answers.map((a) => a.status)).toEqual(bodies.map(() => 200));

    await relay.built.pipeline.flush();
    const lines = relay.server.requestsTo("/lines").flatMap((r) => r.text.split("\n").filter((line) => line !== ""));
    expect(lines.sort()).toEqual([...texts].sort());
    const elements = relay.server.requestsTo("/array").flatMap((r) => (JSON.parse(r.text) as unknown[]).map((e) => JSON.stringify(e)));
    expect(elements.sort()).toEqual(texts.map((t) => JSON.stringify(JSON.parse(t))).sort());
  });

  it("a non-ASCII body is relayed as its UTF-8 text; an element with an invalid byte is rejected and kept as its bytes, never altered", async () => {
    const relay = await startRelay(true);
    const invalid = Buffer.concat([Buffer.from('[{"id":"x","note":"'), Buffer.from([0xff]), Buffer.from('"},{"id":"y","note":"ok é"}]')]);
    const valid = Buffer.from('[{"id":"u","note":"café 🙂"}]');
    const first = await relay.post(invalid);
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ accepted: 1, rejected: [{ index: 0, reason: "not valid UTF-8 (byte 18 of the element, 0xff)" }], dead_lettered: 1 });
    expect((await relay.post(valid)).status).toBe(200);
    await relay.built.pipeline.flush();
    const sent = relay.server.requestsTo("/lines").map((r) => r.raw);
    expect(Buffer.concat(sent)).toEqual(Buffer.from('{"id":"y","note":"ok é"}\n{"id":"u","note":"café 🙂"}\n'));
    const [letter, ...more] = await relay.deadLetterLines();
    expect(more).toEqual([]);
    expect(letter).toMatchObject({ hookline_dead_letter: 1, source: "http", index: 0, reason: expect.stringContaining("UTF-8") });
    expect(Buffer.from(letter.payload_base64, "base64")).toEqual(invalid.subarray(1, invalid.indexOf('},{"id":"y"') + 1));
  });

  it("without dead letters, a body with an invalid UTF-8 element is refused whole (400): nothing of it is taken", async () => {
    const relay = await startRelay();
    const invalid = Buffer.concat([Buffer.from('[{"id":"x","note":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"},{"id":"y"}]')]);
    const response = await relay.post(invalid);
    expect(response.status).toBe(400);
    expect(response.json.error).toContain("dead_letter_path");
    expect(response.json.rejected).toEqual([{ index: 0, reason: "not valid UTF-8 (byte 18 of the element, 0xc3)" }]);
    await relay.built.pipeline.flush();
    expect(relay.server.requests).toHaveLength(0);
  });

  it("NDJSON with a trailing newline", async () => {
    const relay = await startRelay();
    const response = await relay.post(`${RAW_A}\n${RAW_B}\n`, { "content-type": "application/x-ndjson" });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ accepted: 2, rejected: [] });
    await relay.built.pipeline.flush();
    expect(relay.server.requestsTo("/lines").map((r) => r.text)).toEqual([`${RAW_A}\n${RAW_B}\n`]);
  });

  it("NDJSON without a trailing newline", async () => {
    const relay = await startRelay();
    const response = await relay.post(`${RAW_A}\n${RAW_B}`, { "content-type": "application/x-ndjson" });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ accepted: 2, rejected: [] });
    await relay.built.pipeline.flush();
    expect(relay.server.requestsTo("/lines").map((r) => r.text)).toEqual([`${RAW_A}\n${RAW_B}\n`]);
  });

  it("a single object (log_format single)", async () => {
    const relay = await startRelay();
    const response = await relay.post(RAW_B);
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ accepted: 1, rejected: [] });
    await relay.built.pipeline.flush();
    expect(relay.server.requestsTo("/lines").map((r) => r.text)).toEqual([`${RAW_B}\n`]);
    expect(relay.server.requestsTo("/array").map((r) => r.text)).toEqual([`[${RAW_B}]`]);
  });

  it("a pretty-printed single object is one event, relayed as one NDJSON line", async () => {
    const relay = await startRelay();
    const payload = success("pretty", { metadata: { user_api_key_alias: "key-1", tags: ["a", "b"] } });
    const pretty = JSON.stringify(payload, null, 2);
    expect(pretty.split("\n").length).toBeGreaterThan(3);
    const response = await relay.post(`${pretty}\n`);
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ accepted: 1, rejected: [] });
    await relay.built.pipeline.flush();
    const [lines] = relay.server.requestsTo("/lines");
    expect(lines!.text.split("\n")).toHaveLength(2);
    expect(lines!.ndjson()).toEqual([payload]);
    expect(relay.server.items("/array")).toEqual([payload]);
  });

  it("a gzip-compressed body (Content-Encoding: gzip)", async () => {
    const relay = await startRelay();
    const payloads = sampleEvents(20);
    const response = await relay.post(gzipSync(JSON.stringify(payloads)), { "content-encoding": "gzip" });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ accepted: 20, rejected: [] });
    await relay.built.pipeline.flush();
    expect(relay.server.items("/array")).toEqual(payloads);
    expect(relay.server.items("/lines")).toEqual(payloads);
  });

  it("whatever hookline's own callbacks send (every log_format) is accepted by its receiver", async () => {
    const relay = await startRelay();
    const sender = await pipelineFromYaml(`
litellm_settings:
  callbacks: ["as_array", "as_lines", "as_single"]
callback_settings:
  as_array:
    callback_type: generic_api
    endpoint: ${relay.logsUrl}
  as_lines:
    callback_type: generic_api
    endpoint: ${relay.logsUrl}
    log_format: ndjson
  as_single:
    callback_type: generic_api
    endpoint: ${relay.logsUrl}
    log_format: single
`);
    cleanup(() => shutdownQuickly(sender.pipeline));
    const payloads = sampleEvents(4, 7);
    for (const payload of payloads) sender.pipeline.log(payload);
    await sender.pipeline.flush();
    expect(sender.undelivered).toEqual([]);
    expect(relay.receiver.stats.acceptedEvents).toBe(12);
    await relay.built.pipeline.flush();
    const ids = idsOf(relay.server.items("/lines")).sort();
    expect(ids).toEqual([...idsOf(payloads), ...idsOf(payloads), ...idsOf(payloads)].sort());
  });
});

describe("bad bodies", () => {
  it("malformed NDJSON is a 400 naming the line, and nothing of it is relayed", async () => {
    const relay = await startRelay();
    const response = await relay.post(`${RAW_A}\n{"id": nope}\n${RAW_B}\n`);
    expect(response.status).toBe(400);
    expect(response.json.error).toMatch(/line 2/);
    await relay.built.pipeline.flush();
    expect(relay.server.requests).toHaveLength(0);
  });

  it("a malformed JSON array is a 400 naming the element", async () => {
    const relay = await startRelay();
    const response = await relay.post(`[${RAW_A}, {"id":}, ${RAW_B}]`);
    expect(response.status).toBe(400);
    expect(response.json.error).toMatch(/element 1/);
    await relay.built.pipeline.flush();
    expect(relay.server.requests).toHaveLength(0);
  });

  it("a truncated single object is a 400", async () => {
    const relay = await startRelay();
    const response = await relay.post('{"id":"a","status":"succ');
    expect(response.status).toBe(400);
    expect(response.json.error).toMatch(/malformed/);
  });

  it("an empty (or blank) body is a 400", async () => {
    const relay = await startRelay();
    for (const body of ["", "  \n "]) {
      const response = await relay.post(body);
      expect(response.status).toBe(400);
      expect(response.json.error).toMatch(/empty/);
    }
    await relay.built.pipeline.flush();
    expect(relay.server.requests).toHaveLength(0);
  });

  it("elements that are JSON but not payloads are rejected by index with a reason and kept in the dead letters; the others are delivered", async () => {
    const relay = await startRelay(true);
    const body = JSON.stringify([success("ok1"), 42, { status: "ok" }, failure("ok2"), null]);
    const response = await relay.post(body);
    expect(response.status).toBe(200);
    expect(response.json.accepted).toBe(2);
    expect(response.json.dead_lettered).toBe(3);
    expect(response.json.rejected).toEqual([
      { index: 1, reason: expect.stringContaining("number") },
      { index: 2, reason: expect.stringContaining("status") },
      { index: 4, reason: expect.stringContaining("null") },
    ]);
    await relay.built.pipeline.flush();
    expect(idsOf(relay.server.items("/array"))).toEqual(["ok1", "ok2"]);
    expect(idsOf(relay.server.items("/lines"))).toEqual(["ok1", "ok2"]);
    const letters = await relay.deadLetterLines();
    expect(letters.map((l) => [l.index, l.payload])).toEqual([[1, 42], [2, { status: "ok" }], [4, null]]);
    expect(letters.map((l) => l.reason)).toEqual(response.json.rejected.map((r: { reason: string }) => r.reason));
    expect(relay.receiver.stats).toMatchObject({ acceptedEvents: 2, rejectedEvents: 3, deadLetteredEvents: 3 });
  });

  it("without dead letters, a body with a rejected element is refused whole (400) with the reasons: a 200 would claim they were kept", async () => {
    const relay = await startRelay();
    const response = await relay.post(JSON.stringify([success("ok1"), { status: "ok" }]));
    expect(response.status).toBe(400);
    expect(response.json.rejected).toEqual([{ index: 1, reason: expect.stringContaining("status") }]);
    await relay.built.pipeline.flush();
    expect(relay.server.requests).toHaveLength(0);
    expect(relay.receiver.stats).toMatchObject({ acceptedEvents: 0, rejectedEvents: 1, rejectedBodies: 1 });
  });

  it("in NDJSON, rejected lines are reported by line number", async () => {
    const relay = await startRelay(true);
    const body = [JSON.stringify(success("ok1")), '"just a string"', JSON.stringify(success("ok2"))].join("\n");
    const response = await relay.post(body);
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ accepted: 2, rejected: [{ index: 2, reason: expect.stringContaining("string") }], dead_lettered: 1 });
    await relay.built.pipeline.flush();
    expect(idsOf(relay.server.items("/lines"))).toEqual(["ok1", "ok2"]);
    expect((await relay.deadLetterLines()).map((l) => [l.index, l.payload])).toEqual([[2, "just a string"]]);
  });
});

describe("body limits and encodings", () => {
  async function smallReceiver(maxBodyBytes: number): Promise<{ url: string; relay: Relay }> {
    const relay = await startRelay();
    const receiver = await startReceiver(relay.built.pipeline, { port: 0, maxBodyBytes });
    cleanup(() => receiver.close());
    return { url: `${receiver.url}${LOGS_PATH}`, relay };
  }

  it("a body over the limit is a 413 and nothing is relayed", async () => {
    const { url, relay } = await smallReceiver(1000);
    const response = await fetch(url, { method: "POST", body: JSON.stringify(sampleEvents(5)) });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: string }).error).toContain("1000");
    await relay.built.pipeline.flush();
    expect(relay.server.requests).toHaveLength(0);
  });

  it("a chunked body (no Content-Length) that grows past the limit is a 413, and the connection still answers", async () => {
    const { url, relay } = await smallReceiver(1000);
    const body = JSON.stringify(sampleEvents(5));
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(url, { method: "POST", headers: { "content-type": "application/json" } }, (res) => {
        let text = "";
        res.setEncoding("utf8").on("data", (chunk: string) => (text += chunk)).on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on("error", reject);
      // Three writes without a length: chunked transfer encoding.
      for (let at = 0; at < body.length; at += Math.ceil(body.length / 3)) req.write(body.slice(at, at + Math.ceil(body.length / 3)));
      req.end();
    });
    expect(status).toBe(413);
    expect(text).toContain("1000");
    await relay.built.pipeline.flush();
    expect(relay.server.requests).toHaveLength(0);
  });

  it("a gzip body that decompresses past the limit is a 413 too", async () => {
    const { url, relay } = await smallReceiver(10_000);
    const body = JSON.stringify(Array.from({ length: 400 }, (_, i) => success(`z${i}`, { pad: "x".repeat(100) })));
    const compressed = gzipSync(body);
    expect(compressed.length).toBeLessThan(10_000);
    const response = await fetch(url, { method: "POST", headers: { "content-encoding": "gzip" }, body: compressed });
    expect(response.status).toBe(413);
    await response.text();
    await relay.built.pipeline.flush();
    expect(relay.server.requests).toHaveLength(0);
  });

  it("Content-Encoding gzip on a body that is not gzip is a 400", async () => {
    const relay = await startRelay();
    const response = await relay.post(JSON.stringify([success("a")]), { "content-encoding": "gzip" });
    expect(response.status).toBe(400);
    expect(response.json.error).toBeTruthy();
  });

  it("an unsupported Content-Encoding is a 415", async () => {
    const relay = await startRelay();
    const response = await relay.post(JSON.stringify([success("a")]), { "content-encoding": "zstd" });
    expect(response.status).toBe(415);
    expect(response.json.error).toContain("zstd");
  });
});

describe("back-pressure", () => {
  it("a callback with queue_full_policy block that is full: 503 with Retry-After, nothing taken; accepted again once drained", async () => {
    const server = await startCaptureServer();
    cleanup(() => server.close());
    const built = await pipelineFromYaml(`
litellm_settings:
  callbacks: ["strict"]
callback_settings:
  strict:
    callback_type: generic_api
    endpoint: ${server.url}/strict
    queue_full_policy: block
    max_queue_events: 3
`);
    cleanup(() => shutdownQuickly(built.pipeline));
    const receiver = await startReceiver(built.pipeline, { port: 0 });
    cleanup(() => receiver.close());
    const post = (body: unknown) =>
      fetch(`${receiver.url}${LOGS_PATH}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

    const first = await post([success("a"), success("b"), success("c")]);
    expect(first.status).toBe(200);
    await first.text();
    const refused = await post([success("d")]);
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(((await refused.json()) as { error: string }).error).toContain("strict");

    await built.pipeline.flush();
    const again = await post([success("d")]);
    expect(again.status).toBe(200);
    await again.text();
    await built.pipeline.flush();
    expect(idsOf(server.items())).toEqual(["a", "b", "c", "d"]);
    expect(built.pipeline.metrics()[0]!.dropped.queue_full).toBe(0);
  });
});

describe("routing", () => {
  it("another path is a 404", async () => {
    const relay = await startRelay();
    const response = await fetch(`${relay.receiver.url}/v1/logs`, { method: "POST", body: JSON.stringify(success("e1")) });
    expect(response.status).toBe(404);
    expect(await response.text()).toContain(LOGS_PATH);
    await relay.built.pipeline.flush();
    expect(relay.server.requests).toHaveLength(0);
  });

  it("GET on the logs path is a 405 with Allow: POST", async () => {
    const relay = await startRelay();
    const response = await fetch(relay.logsUrl);
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    await response.text();
  });

  it("a query string on the logs path is fine", async () => {
    const relay = await startRelay();
    const response = await fetch(`${relay.logsUrl}?source=litellm`, { method: "POST", body: JSON.stringify([success("q1")]) });
    expect(response.status).toBe(200);
    await response.text();
    await relay.built.pipeline.flush();
    expect(idsOf(relay.server.items("/array"))).toEqual(["q1"]);
  });
});
