// The CommonJS twin of await-during-outage.mjs: the same script, awaited inside an async
// function (CommonJS has no top-level await), importing the ESM packages with import().
// Env: HOOKLINE_URL, HOOKLINE_AWAIT (flush | shutdown), HOOKLINE_EVENTS (default 20).
"use strict";

async function main() {
  const { createPipeline } = await import("@hookline/core");
  const { ndjson } = await import("@hookline/formatters");
  const { httpExporter } = await import("@hookline/exporters");
  const env = process.env;
  const pipeline = createPipeline({
    callbacks: [
      {
        name: "api",
        formatter: ndjson(),
        exporter: httpExporter({ url: env.HOOKLINE_URL }),
        batchSize: 5,
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
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
