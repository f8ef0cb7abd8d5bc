// The openai wrapper's own cost per plain chat call, with nothing else around it: the SDK's
// `fetch` answers one fixed body in process. Bare client, wrapped with a no-op `log`, wrapped
// into a pipeline (ndjson, an exporter that answers at once); 30 interleaved rounds of 200
// calls, CPU (process.cpuUsage) per call, median over rounds.
//   npx -y pnpm@10 build && node bench/micro/sdk-wrapper-floor.mjs
import OpenAI from "openai";
import { wrapOpenAI } from "@hookline/openai";
import { createPipeline } from "@hookline/core";
import { ndjson } from "@hookline/formatters";

const body = JSON.stringify({
  id: "chatcmpl-1",
  object: "chat.completion",
  created: 1,
  model: "gpt-4o-mini",
  choices: [{ index: 0, message: { role: "assistant", content: "hey there streamed", refusal: null }, logprobs: null, finish_reason: "stop" }],
  usage: { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30 },
});
const fetch = async () => new Response(body, { status: 200, headers: { "content-type": "application/json" } });
const make = () => new OpenAI({ apiKey: "bench", baseURL: "http://127.0.0.1:1/v1", maxRetries: 0, fetch });
const exporter = { specificationVersion: 1, type: "null", export: async () => ({ kind: "success", status: 200 }) };
const pipeline = createPipeline({ callbacks: [{ name: "null", formatter: ndjson(), exporter, batchSize: 100, flushIntervalMs: 1000 }] });
const clients = { bare: make(), "wrapped, no-op log": wrapOpenAI(make(), { log: () => {} }), "wrapped, pipeline": wrapOpenAI(make(), { log: pipeline }) };
const messages = [{ role: "user", content: "bench" }];
const median = (values) => values.slice().sort((a, b) => a - b)[values.length >> 1];
const results = Object.fromEntries(Object.keys(clients).map((name) => [name, []]));
for (let round = 0; round < 30; round++) {
  for (const [name, client] of Object.entries(clients)) {
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < 200; i++) await client.chat.completions.create({ model: "gpt-4o-mini", messages });
    const cpu = process.cpuUsage(cpu0);
    results[name].push((cpu.user + cpu.system) / 200);
    await pipeline.flush();
  }
}
for (const [name, values] of Object.entries(results)) console.log(`${name}: ${median(values).toFixed(0)} µs CPU per call`);
await pipeline.shutdown();
