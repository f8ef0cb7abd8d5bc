// The relay's CPU per input event and its full garbage collections, without the counting
// receiver: `hookline run` (3 ndjson callbacks) or the limit relay, on core 0 when `taskset`
// exists, fed 100-event JSON arrays by this process (core 1) and delivering to a sink that only
// drains (core 1). Warm-up first, so V8 has compiled the request path.
//   node bench/micro/relay-gc.mjs [hookline|limit] [events] [warm-up events]   (after `pnpm build`)
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Agent, request } from "undici";
import { generateEvents } from "../dist/generator.js";

const [which = "hookline", eventsArg = "30000", warmArg = "30000"] = process.argv.slice(2);
const events = Number(eventsArg);
const warm = Number(warmArg);
const root = fileURLToPath(new URL("../..", import.meta.url));
const pinned = spawnSync("taskset", ["-V"]).status === 0;
const pin = (core, args) => (pinned ? ["taskset", ["-c", String(core), ...args]] : [args[0], args.slice(1)]);
if (pinned) spawnSync("taskset", ["-a", "-p", "-c", "1", String(process.pid)]);

// The sink: reads each body to its end and answers 200.
const sink = createServer((req, res) => req.resume().on("end", () => res.end("ok")));
await new Promise((resolve) => sink.listen(0, "127.0.0.1", resolve));
const sinkUrl = `http://127.0.0.1:${sink.address().port}`;

let args;
if (which === "hookline") {
  const lines = ["litellm_settings:", "  callbacks: [a, b, c]", "callback_settings:"];
  for (const c of ["a", "b", "c"]) lines.push(`  ${c}:`, "    callback_type: generic_api", `    endpoint: ${sinkUrl}/${c}`, "    log_format: ndjson", "    batch_size: 100", "    max_concurrency: 4");
  const config = join(mkdtempSync(join(tmpdir(), "relay-gc-")), "hookline.yaml");
  writeFileSync(config, `${lines.join("\n")}\n`);
  args = [join(root, "packages/cli/dist/bin.js"), "run", "--config", config, "--port", "0"];
} else {
  args = [join(root, "bench/dist/limit-relay-server.js"), "--concurrency", "4", `${sinkUrl}/a`, `${sinkUrl}/b`, `${sinkUrl}/c`];
}
const [command, commandArgs] = pin(0, [process.execPath, "--trace-gc", ...(process.env.RELAY_NODE_ARGS ?? "").split(" ").filter(Boolean), ...args]);
const relay = spawn(command, commandArgs, { stdio: ["ignore", "pipe", "ignore"] });
let out = "";
relay.stdout.on("data", (chunk) => (out += chunk));
const url = await new Promise((resolve) => {
  const timer = setInterval(() => {
    const match = /listening on (http:\/\/\S+\/v1\/callbacks\/logs)/.exec(out);
    if (match) {
      clearInterval(timer);
      resolve(match[1]);
    }
  }, 20);
});

const bodies = [];
const all = generateEvents(events + warm, 7);
for (let i = 0; i < all.length; i += 100) bodies.push(JSON.stringify(all.slice(i, i + 100)));
const agent = new Agent();
const post = async (body) => {
  const response = await request(url, { method: "POST", body, headers: { "content-type": "application/json" }, dispatcher: agent });
  await response.body.dump();
  if (response.statusCode !== 200) throw new Error(`relay answered ${response.statusCode}`);
};
const postAll = async (from, to) => {
  let next = from;
  await Promise.all(Array.from({ length: 4 }, async () => { while (next < to) await post(bodies[next++]); }));
};
const cpuUs = () => {
  const fields = readFileSync(`/proc/${relay.pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100; // utime + stime, in clock ticks of 10 ms
};

await postAll(0, warm / 100);
await new Promise((resolve) => setTimeout(resolve, 1500));
const gcLinesBefore = out.split("\n").length;
const cpu0 = cpuUs();
await postAll(warm / 100, bodies.length);
await new Promise((resolve) => setTimeout(resolve, 1500)); // delivery catches up
const cpu1 = cpuUs();
const gcLines = out.split("\n").slice(gcLinesBefore);
if (process.env.RELAY_GC_LINES) console.log(gcLines.filter((l) => l.includes("Mark-Compact")).join("\n"));
relay.kill("SIGTERM");
await new Promise((resolve) => relay.once("exit", resolve));
await agent.close();
sink.close();
console.log(
  `${which}: ${((cpu1 - cpu0) / events).toFixed(1)} µs CPU per input event (all threads), ` +
    `${gcLines.filter((l) => l.includes("Mark-Compact")).length} full and ${gcLines.filter((l) => l.includes("Scavenge")).length} young collections over ${events} events` +
    (pinned ? "" : " (not pinned: no taskset)"),
);
