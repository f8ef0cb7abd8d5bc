// A library user's script whose queue overflows: 500 events logged at once into a callback that
// holds at most 10, against a slow endpoint, then `await pipeline.shutdown()`.
// Env: HOOKLINE_URL; HOOKLINE_ON_WARNING=collect passes an onWarning that collects the messages
// (printed in RESULT) instead of the default process warning.
import { createPipeline } from "@hookline/core";
import { ndjson } from "@hookline/formatters";
import { httpExporter } from "@hookline/exporters";

const env = process.env;
const collected = [];
const pipeline = createPipeline({
  callbacks: [{ name: "api", formatter: ndjson(), exporter: httpExporter({ url: env.HOOKLINE_URL }), batchSize: 5, flushIntervalMs: 50, maxQueueEvents: 10 }],
  ...(env.HOOKLINE_ON_WARNING === "collect" ? { onWarning: (message) => collected.push(message) } : {}),
});
for (let i = 0; i < 500; i++) pipeline.log({ id: `overflow-${i}`, status: "success", model: "gpt-4o" });
const report = await pipeline.shutdown();
const m = report.callbacks[0];
console.log(`RESULT ${JSON.stringify({ received: m.received, sent: m.sent, failed: m.failed, dropped: m.dropped, collected })}`);
