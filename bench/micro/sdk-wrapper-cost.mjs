// What the SDK wrappers add to the caller's process, against the bare SDK, side by side in one
// run, on a local fake provider:
// - CPU per call (process.cpuUsage, user + system, µs) of a plain chat call and of streams of
//   10 and 200 chunks; the added CPU per chunk is (added at 200 - added at 10) / 190;
// - latency to the first chunk (create() called -> first chunk in hand), median, µs.
// Transport: by default the SDKs get a `fetch` that answers from memory with bodies recorded
// once from the fake providers (JSON and SSE), so the figures hold the SDK's and the wrapper's
// work only, not a loopback socket's noise; SDK_BENCH_TRANSPORT=http sends every call to the
// fake providers, run in a child process so that their CPU is not counted.
// The wrapped clients log into a real pipeline (ndjson formatter, an exporter that answers at
// once), so building and formatting the payloads is in the figures. Rounds alternate bare and
// wrapped; each figure is the median over rounds.
//   npx -y pnpm@10 build && node bench/micro/sdk-wrapper-cost.mjs
//   SDK_BENCH_ROUNDS=20 SDK_BENCH_CALLS=200 SDK_BENCH_TRANSPORT=http node bench/micro/sdk-wrapper-cost.mjs
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import Anthropic from "@anthropic-ai/sdk";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { streamText, wrapLanguageModel } from "ai";
import OpenAI from "openai";
import { hooklineMiddleware } from "@hookline/ai-sdk";
import { wrapAnthropic } from "@hookline/anthropic";
import { createPipeline } from "@hookline/core";
import { ndjson } from "@hookline/formatters";
import { wrapOpenAI } from "@hookline/openai";

const ROUNDS = Number(process.env.SDK_BENCH_ROUNDS ?? 10);
const CALLS = Number(process.env.SDK_BENCH_CALLS ?? 100);
const HTTP = process.env.SDK_BENCH_TRANSPORT === "http";

const child = spawn(process.execPath, [fileURLToPath(new URL("./sdk-fake-providers.mjs", import.meta.url))], { stdio: ["pipe", "pipe", "inherit"] });
const [line] = await once(child.stdout, "data");
const urls = JSON.parse(String(line));

// Bodies recorded from the fake providers, by URL and request body, replayed from memory.
const recorded = new Map();
async function replayingFetch(input, init) {
  const key = `${String(input instanceof Request ? input.url : input)} ${init?.body}`;
  let answer = recorded.get(key);
  if (answer === undefined) {
    const response = await fetch(input, init);
    answer = { status: response.status, headers: [...response.headers].filter(([name]) => name !== "content-length" && name !== "transfer-encoding"), body: await response.text() };
    recorded.set(key, answer);
  }
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
const transport = HTTP ? {} : { fetch: replayingFetch };

const exporter = { specificationVersion: 1, type: "null", export: async () => ({ kind: "success", status: 200 }) };
const pipeline = createPipeline({ callbacks: [{ name: "null", formatter: ndjson(), exporter, batchSize: 100, flushIntervalMs: 1000 }] });
const median = (values) => values.slice().sort((a, b) => a - b)[values.length >> 1];
const messages = [{ role: "user", content: "bench" }];

const openai = (baseURL) => new OpenAI({ apiKey: "bench", baseURL, maxRetries: 0, ...transport });
const anthropic = (baseURL) => new Anthropic({ apiKey: "bench", baseURL, maxRetries: 0, ...transport });
const compatible = (baseURL) => createOpenAICompatible({ name: "openai", baseURL, apiKey: "bench", includeUsage: true, ...transport }).chatModel("gpt-4o-mini");
const wrapModel = (model) => wrapLanguageModel({ model, middleware: hooklineMiddleware({ log: pipeline }) });

// Each scenario: a function making one call (consumed to the end) and reporting its first chunk.
const scenarios = [
  ["openai chat, plain", (c) => c.chat.completions.create({ model: "gpt-4o-mini", messages }), urls.openaiShort, openai, (c) => wrapOpenAI(c, { log: pipeline }), 0],
  ...[["10", urls.openaiShort, 10], ["200", urls.openaiLong, 200]].map(([n, url, chunks]) => [
    `openai chat, stream of ${n}`,
    async (c, first) => {
      for await (const _ of await c.chat.completions.create({ model: "gpt-4o-mini", messages, stream: true, stream_options: { include_usage: true } })) first();
    },
    url,
    openai,
    (c) => wrapOpenAI(c, { log: pipeline }),
    chunks,
  ]),
  ...[["10", urls.anthropicShort, 10], ["200", urls.anthropicLong, 200]].map(([n, url, chunks]) => [
    `anthropic messages, stream of ${n}`,
    async (c, first) => {
      for await (const _ of await c.messages.create({ model: "claude-sonnet-4-5", max_tokens: 10, messages, stream: true })) first();
    },
    url,
    anthropic,
    (c) => wrapAnthropic(c, { log: pipeline }),
    chunks,
  ]),
  ...[["10", urls.openaiShort, 10], ["200", urls.openaiLong, 200]].map(([n, url, chunks]) => [
    `ai-sdk streamText, stream of ${n}`,
    async (model, first) => {
      for await (const _ of streamText({ model, prompt: "bench", maxRetries: 0 }).textStream) first();
    },
    url,
    compatible,
    wrapModel,
    chunks,
  ]),
];

async function measure(call, client) {
  const latencies = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < CALLS; i++) {
    const t0 = performance.now();
    let seen = false;
    await call(client, () => {
      if (!seen) {
        seen = true;
        latencies.push(performance.now() - t0);
      }
    });
  }
  const cpu = process.cpuUsage(cpu0);
  await pipeline.flush();
  return { cpuPerCall: (cpu.user + cpu.system) / CALLS, firstChunk: latencies.length > 0 ? median(latencies) * 1000 : NaN };
}

const rows = [];
for (const [name, call, url, make, wrap, chunks] of scenarios) {
  const bare = make(url);
  const wrapped = wrap(make(url));
  await measure(call, bare); // warm-up, JIT and keep-alive sockets
  await measure(call, wrapped);
  const results = { bare: [], wrapped: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [kind, client] of round % 2 === 0 ? [["bare", bare], ["wrapped", wrapped]] : [["wrapped", wrapped], ["bare", bare]]) results[kind].push(await measure(call, client));
  }
  const pick = (kind, key) => median(results[kind].map((r) => r[key]));
  process.stderr.write(`${name}: done\n`);
  rows.push({ name, chunks, bareCpu: pick("bare", "cpuPerCall"), wrappedCpu: pick("wrapped", "cpuPerCall"), bareFirst: pick("bare", "firstChunk"), wrappedFirst: pick("wrapped", "firstChunk") });
}

const f = (n) => (Number.isNaN(n) ? "-" : n.toFixed(0));
console.log(`node ${process.version}, transport ${HTTP ? "http (fake providers in a child process)" : "fetch replaying recorded bodies"}, ${ROUNDS} rounds x ${CALLS} calls, medians over rounds`);
console.log("| scenario | bare CPU µs/call | wrapped CPU µs/call | added µs/call | bare first chunk µs | wrapped first chunk µs | added µs |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const r of rows) {
  const stream = r.chunks > 0;
  console.log(`| ${r.name} | ${f(r.bareCpu)} | ${f(r.wrappedCpu)} | ${f(r.wrappedCpu - r.bareCpu)} | ${stream ? f(r.bareFirst) : "-"} | ${stream ? f(r.wrappedFirst) : "-"} | ${stream ? f(r.wrappedFirst - r.bareFirst) : "-"} |`);
}
for (const prefix of ["openai chat", "anthropic messages", "ai-sdk streamText"]) {
  const [short, long] = [rows.find((r) => r.name === `${prefix}, stream of 10`), rows.find((r) => r.name === `${prefix}, stream of 200`)];
  const perChunk = (long.wrappedCpu - long.bareCpu - (short.wrappedCpu - short.bareCpu)) / 190;
  console.log(`${prefix}: added CPU per stream chunk ≈ ${perChunk.toFixed(2)} µs`);
}
await pipeline.shutdown();
child.stdin.end();
