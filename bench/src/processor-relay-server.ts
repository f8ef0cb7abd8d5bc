/**
 * The relay of the processor variants (`processor-relay-*`), started by the relay driver the way
 * it starts `hookline run`:
 *
 *   node bench/dist/processor-relay-server.js --processor none|redact|mask --batch-size 100 --concurrency 4 URL URL URL
 *
 * The CLI's own receiver (`startReceiver` from the `hookline` package) in front of a pipeline
 * with one `ndjson` callback per URL, as `hookline run` builds from the relay driver's config
 * (batch size, 1 s flush interval, concurrency), each with the same processor instance (so the
 * callbacks share one chain and a changed event is rewritten once). A config cannot name
 * processors yet; this is what such a config will run. It prints `hookline listening on
 * <url>/v1/callbacks/logs`; on SIGTERM it stops accepting, drains and exits (0 when every event
 * was delivered). SIGUSR2 belongs to the preloaded monitor (child-monitor.ts).
 */
import { parseArgs } from "node:util";
import { createPipeline, type Processor } from "@hookline/core";
import { httpExporter } from "@hookline/exporters";
import { ndjson } from "@hookline/formatters";
import { LOGS_PATH, startReceiver } from "hookline";
import { benchProcessor } from "./bench-processor.js";

const { values, positionals } = parseArgs({
  options: { processor: { type: "string" }, "batch-size": { type: "string" }, concurrency: { type: "string" } },
  allowPositionals: true,
});
const name = values.processor ?? "none";
if (name !== "none" && name !== "redact" && name !== "mask") throw new Error(`--processor: expected none, redact or mask, got ${name}`);
const processors: Processor[] = name === "none" ? [] : [await benchProcessor(name)];
const pipeline = createPipeline({
  callbacks: positionals.map((url, i) => ({
    name: `relay_${i}`,
    formatter: ndjson(),
    exporter: httpExporter({ url }),
    batchSize: Number(values["batch-size"] ?? 100),
    flushIntervalMs: 1000,
    maxConcurrency: Number(values.concurrency ?? 4),
    processors,
  })),
});
const receiver = await startReceiver(pipeline, { port: 0 });
process.stdout.write(`hookline listening on ${receiver.url}${LOGS_PATH}\n`);
process.once("SIGTERM", () => {
  void (async () => {
    await receiver.close();
    const report = await pipeline.shutdown();
    process.exit(report.drained ? 0 : 1);
  })();
});
