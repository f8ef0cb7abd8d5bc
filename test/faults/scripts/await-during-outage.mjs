// A library user's script (ESM): logs events, then ends with a top-level
// `await pipeline.flush()` or `await pipeline.shutdown()` (no deadline) while the endpoint fails.
// Env: HOOKLINE_URL, HOOKLINE_AWAIT (flush | shutdown), HOOKLINE_EVENTS (default 20).
import { createPipeline } from "@hookline/core";
import { ndjson } from "@hookline/formatters";
import { httpExporter } from "@hookline/exporters";

const env = process.env;
const pipeline = createPipeline({
  callbacks: [
    {
      name: "api",
      formatter: ndjson(),
      exporter: httpExporter({ url: env.HOOKLINE_URL }),
      batchSize: 5,
      // Short delays keep the test quick; any pending retry used to let the process exit.
      retry: { initialDelayMs: 100, maxDelayMs: 400 },
    },
  ],
});
const count = Number(env.HOOKLINE_EVENTS ?? 20);
for (let i = 0; i < count; i++) pipeline.log({ id: `lib-${i}`, status: "success", model: "gpt-4o" });

if (env.HOOKLINE_AWAIT === "shutdown") await pipeline.shutdown();
else await pipeline.flush();
const m = pipeline.metrics()[0];
console.log(`RESULT ${JSON.stringify({ awaited: env.HOOKLINE_AWAIT, received: m.received, sent: m.sent, failed: m.failed, dropped: m.dropped, retried: m.retried })}`);
