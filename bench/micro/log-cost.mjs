// Caller cost of pipeline.log() with warm JIT and no I/O (the exporter answers at once):
// median ns per call over rounds of 1000 calls, for 1 and 3 callbacks, next to a bare rxjs
// Subject with one push subscriber (the floor of any rxjs-based design). Then 1 callback with
// `redact_messages` or `mask` (processors run inside log(), on the caller's thread).
//   node bench/micro/log-cost.mjs          (after `pnpm build`)
import { Subject } from "rxjs";
import { createPipeline, createRegistry } from "@hookline/core";
import { builtinProcessors } from "@hookline/processors";
import { ndjson } from "@hookline/formatters";
import { generateEvents } from "../dist/generator.js";

const events = generateEvents(1000, 20251122);
const exporter = { specificationVersion: 1, type: "null", export: async () => ({ kind: "success", status: 200 }) };
const median = (values) => values.slice().sort((a, b) => a - b)[values.length >> 1];

const registry = createRegistry([...builtinProcessors]);
const cases = [
  { callbacks: 1, processor: undefined },
  { callbacks: 3, processor: undefined },
  { callbacks: 1, processor: "redact_messages" },
  { callbacks: 1, processor: "mask" },
];
for (const { callbacks, processor } of cases) {
  const processors = processor === undefined ? [] : [await registry.processor(processor, {}, { callbackName: "c0" })];
  const pipeline = createPipeline({
    callbacks: Array.from({ length: callbacks }, (_, i) => ({ name: `c${i}`, formatter: ndjson(), exporter, batchSize: 100, flushIntervalMs: 1000, processors })),
  });
  const bare = new Subject();
  const buffer = [];
  bare.subscribe((event) => {
    buffer.push(event);
    if (buffer.length >= 100) buffer.length = 0;
  });
  const rounds = [];
  const floor = [];
  for (let round = 0; round < 300; round++) {
    let t0 = process.hrtime.bigint();
    for (const event of events) pipeline.log(event);
    rounds.push(Number(process.hrtime.bigint() - t0) / events.length);
    t0 = process.hrtime.bigint();
    for (const event of events) bare.next({ type: "llm_api_success", payload: event });
    floor.push(Number(process.hrtime.bigint() - t0) / events.length);
    await new Promise((resolve) => setImmediate(resolve));
    await pipeline.flush();
  }
  console.log(`${callbacks} callback(s)${processor === undefined ? "" : ` with ${processor}`}: log() ${median(rounds).toFixed(0)} ns median; bare Subject + push ${median(floor).toFixed(0)} ns`);
  await pipeline.shutdown();
}
