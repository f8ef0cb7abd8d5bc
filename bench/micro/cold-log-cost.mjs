// The caller's cost of log() when caches are cold, as in an application that logs now and then:
// 10 calls, then 32 MB of other memory touched, again and again, 100 events per batch. Prints
// the median ns of a call by its place in the batch: the first (a batch starts), the 2nd, the
// first call after the caches were emptied, and the last (the batch is full). `limit` is the
// undici limit sender's log() (bench/src/drivers/limit.ts), which never sends here.
//   node bench/micro/cold-log-cost.mjs [hookline|limit]   (after `pnpm build`)
import { createPipeline } from "@hookline/core";
import { ndjson } from "@hookline/formatters";
import { LimitSender } from "../dist/drivers/limit.js";
import { generateEvents } from "../dist/generator.js";

const which = process.argv[2] ?? "hookline";
const events = generateEvents(20000, 5);
let log;
if (which === "limit") {
  // An endpoint that is never reached: its batches wait in memory, its timers are not awaited.
  const sender = new LimitSender("http://127.0.0.1:9/never", { batchSize: 100, concurrency: 0 });
  log = (event) => sender.log(event);
} else {
  const exporter = { specificationVersion: 1, type: "null", export: async () => ({ kind: "success", status: 200 }) };
  const pipeline = createPipeline({ callbacks: [{ name: "a", formatter: ndjson(), exporter, batchSize: 100, flushIntervalMs: 1000 }] });
  log = (event) => pipeline.log(event);
}
const evict = new Uint8Array(32 << 20);
const byPlace = new Map();
for (let i = 0; i < events.length; i += 10) {
  for (let j = 0; j < evict.length; j += 64) evict[j]++;
  for (let j = i; j < i + 10; j++) {
    const t0 = process.hrtime.bigint();
    log(events[j]);
    const ns = Number(process.hrtime.bigint() - t0);
    if (i >= 5000) byPlace.set(j % 100, [...(byPlace.get(j % 100) ?? []), ns]);
  }
  await new Promise((resolve) => setImmediate(resolve));
}
const median = (values) => values.sort((a, b) => a - b)[values.length >> 1];
const other = [];
for (const [place, values] of byPlace) if (place % 10 !== 0 && place !== 1 && place !== 99) other.push(...values);
console.log(
  `${which}: median ns per call: batch start ${median(byPlace.get(0))}, 2nd ${median(byPlace.get(1))}, ` +
    `first after the caches were emptied ${median([10, 20, 30, 40, 50, 60, 70, 80, 90].flatMap((p) => byPlace.get(p)))}, ` +
    `batch full ${median(byPlace.get(99))}, any other ${median(other)}`,
);
process.exit(0);
