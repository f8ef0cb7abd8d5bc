// CPU per event of the relay's in-process work, without HTTP: read a 100-event body (as the
// receiver hands it over: the 64 KB chunks it arrived in), offer it to a pipeline of 3 ndjson
// callbacks whose exporter answers at once, and wait until every batch is exported.
// `node bench/micro/relay-cost.mjs js` reads with the JavaScript scanner only.
//   node bench/micro/relay-cost.mjs          (after `pnpm build`)
import { ChunkedBytes, createPipeline } from "@hookline/core";
import { ndjson } from "@hookline/formatters";
import { parseLogBody } from "../../packages/cli/dist/receiver/parse-log-body.js";
import { generateEvents } from "../dist/generator.js";

const N = 100;
const bodies = [];
const all = generateEvents(20_000, 20251122);
for (let i = 0; i < all.length; i += N) {
  const bytes = Buffer.from(JSON.stringify(all.slice(i, i + N)), "latin1");
  const chunks = [];
  for (let at = 0; at < bytes.length; at += 65536) chunks.push(bytes.subarray(at, at + 65536));
  bodies.push(chunks);
}
if (process.argv[2] === "js") process.env.HOOKLINE_SCANNER = "js";
const exporter = { specificationVersion: 1, type: "null", export: async () => ({ kind: "success", status: 200 }) };
const pipeline = createPipeline({
  callbacks: Array.from({ length: 3 }, (_, i) => ({ name: `c${i}`, formatter: ndjson(), exporter, batchSize: 100, flushIntervalMs: 1000 })),
});
const us = (cpu) => cpu.user + cpu.system;
for (const phase of ["read", "read+pipeline", "read", "read+pipeline", "read", "read+pipeline"]) {
  const c0 = process.cpuUsage();
  let events = 0;
  for (const chunks of bodies) {
    const parsed = parseLogBody(new ChunkedBytes(chunks));
    events += parsed.events.length;
    if (phase === "read+pipeline") {
      pipeline.offer(parsed.events);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  await pipeline.flush();
  console.log(`${phase.padEnd(14)} ${(us(process.cpuUsage(c0)) / events).toFixed(2)} µs CPU per input event`);
}
await pipeline.shutdown();
