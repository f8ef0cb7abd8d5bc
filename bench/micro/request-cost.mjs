// CPU per request of sending one 2 KB body, 4 in flight, to a sink on the other core that only
// drains: undici's own request() (the floor), hookline's http exporter alone, and a whole
// pipeline with the `single` formatter (sender, retries bookkeeping, metrics: one request per
// event). Warm-up first; run them alternately, one figure moves by 10-20% between runs.
//   node bench/micro/request-cost.mjs [undici|exporter|pipeline] [requests]   (after `pnpm build`)
import { spawn, spawnSync } from "node:child_process";
import { createPipeline } from "@hookline/core";
import { httpExporter } from "@hookline/exporters";
import { single } from "@hookline/formatters";
import { Agent } from "undici";

const [which = "pipeline", countArg = "20000"] = process.argv.slice(2);
const count = Number(countArg);
const pinned = spawnSync("taskset", ["-V"]).status === 0;
if (pinned) spawnSync("taskset", ["-a", "-p", "-c", "0", String(process.pid)]);
const sinkSource = `require("node:http").createServer((q, s) => q.resume().on("end", () => s.end("ok"))).listen(0, "127.0.0.1", function () { console.log(this.address().port); });`;
const sinkArgs = [process.execPath, "-e", sinkSource];
const sink = pinned ? spawn("taskset", ["-c", "1", ...sinkArgs], { stdio: ["ignore", "pipe", "inherit"] }) : spawn(sinkArgs[0], sinkArgs.slice(1), { stdio: ["ignore", "pipe", "inherit"] });
const port = await new Promise((resolve) => sink.stdout.once("data", (chunk) => resolve(Number(String(chunk).trim()))));
const origin = `http://127.0.0.1:${port}`;
const body = JSON.stringify({ id: "x", pad: "x".repeat(2000) });

async function run(n) {
  if (which === "pipeline") {
    const pipeline = createPipeline({ callbacks: [{ name: "a", formatter: single(), exporter: httpExporter({ url: `${origin}/x` }), maxConcurrency: 4 }] });
    for (let i = 0; i < n; i += 100) {
      for (let j = i; j < Math.min(n, i + 100); j++) pipeline.log({ id: `e${j}`, pad: body });
      await new Promise((resolve) => setImmediate(resolve));
    }
    await pipeline.shutdown();
    return;
  }
  const agent = new Agent();
  const exporter = httpExporter({ url: `${origin}/x`, dispatcher: agent });
  let next = 0;
  const worker = async () => {
    while (next++ < n) {
      if (which === "undici") {
        const response = await agent.request({ origin, path: "/x", method: "POST", headers: { "content-type": "application/json" }, body });
        await response.body.dump();
      } else {
        await exporter.export({ body, contentType: "application/json", eventCount: 1 }, { signal: new AbortController().signal });
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  await agent.close();
}

await run(Math.min(5000, count));
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await run(count);
const cpu = process.cpuUsage(cpu0);
const seconds = (performance.now() - t0) / 1000;
sink.kill();
console.log(`${which}: ${((cpu.user + cpu.system) / count).toFixed(1)} µs CPU per request, ${Math.round(count / seconds)} requests/s` + (pinned ? "" : " (not pinned: no taskset)"));
