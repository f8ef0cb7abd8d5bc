// CPU per event and events/s of in-process delivery, hookline's ndjson callback against the
// limit sender (bench/src/drivers/limit.ts), without the counting receiver: this process on
// core 0 when `taskset` exists, posting 100-event batches to a sink on core 1 that only drains.
// Warm-up first, so V8 has compiled the request path.
//   node bench/micro/inprocess-cost.mjs [hookline|limit] [events] [warm-up events] [events per yield]   (after `pnpm build`)
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createPipeline } from "@hookline/core";
import { httpExporter } from "@hookline/exporters";
import { ndjson } from "@hookline/formatters";
import { LimitSender } from "../dist/drivers/limit.js";
import { generateEvents } from "../dist/generator.js";

const [which = "hookline", eventsArg = "50000", warmArg = "20000", chunkArg = "1000"] = process.argv.slice(2);
const chunk = Number(chunkArg);
const events = Number(eventsArg);
const warm = Number(warmArg);
const pinned = spawnSync("taskset", ["-V"]).status === 0;
if (pinned) spawnSync("taskset", ["-a", "-p", "-c", "0", String(process.pid)]);

// The sink, in its own process on core 1: reads each body to its end and answers 200.
// INPROCESS_SINK=receiver: the suite's counting receiver (which parses every body) instead.
const counting = process.env.INPROCESS_SINK === "receiver";
const sinkSource = `require("node:http").createServer((q, s) => q.resume().on("end", () => s.end("ok"))).listen(0, "127.0.0.1", function () { console.log(JSON.stringify({ listening: "http://127.0.0.1:" + this.address().port })); });`;
const sinkArgs = counting ? [process.execPath, fileURLToPath(new URL("../dist/receiver.js", import.meta.url)), "--port", "0"] : [process.execPath, "-e", sinkSource];
const sink = pinned ? spawn("taskset", ["-c", "1", ...sinkArgs], { stdio: ["ignore", "pipe", "inherit"] }) : spawn(sinkArgs[0], sinkArgs.slice(1), { stdio: ["ignore", "pipe", "inherit"] });
const origin = await new Promise((resolve) => sink.stdout.once("data", (chunk) => resolve(JSON.parse(String(chunk).trim().split("\n")[0]).listening)));
const url = `${origin}/ndjson/micro`;

function subject() {
  if (which === "limit") {
    const sender = new LimitSender(url, { batchSize: 100, concurrency: 4 });
    return { log: (event) => sender.log(event), finish: () => sender.finish() };
  }
  const pipeline = createPipeline({
    callbacks: [{ name: "a", formatter: ndjson(), exporter: httpExporter({ url }), batchSize: 100, flushIntervalMs: 1000, maxConcurrency: 4 }],
  });
  return { log: (event) => pipeline.log(event), finish: () => pipeline.shutdown() };
}

// Logs in slices of `chunk` with a macrotask between them, as an application would between requests.
async function logAll(target, payloads) {
  for (let i = 0; i < payloads.length; i += chunk) {
    for (let j = i; j < Math.min(i + chunk, payloads.length); j++) target.log(payloads[j]);
    await new Promise((resolve) => setImmediate(resolve));
  }
  await target.finish();
}

await logAll(subject(), generateEvents(warm, 11));
const payloads = generateEvents(events, 7);
globalThis.gc?.(); // as the suite's driver does before measuring (it runs with --expose-gc)
const measured = subject();
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
await logAll(measured, payloads);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
sink.kill();
console.log(
  `${which}: ${((cpu.user + cpu.system) / events).toFixed(2)} µs CPU per event, ${Math.round(events / seconds)} events/s` + (pinned ? "" : " (not pinned: no taskset)"),
);
