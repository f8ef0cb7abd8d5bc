import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createLogEvent } from "@hookline/core";
import { runOnce } from "./ship-failures.js";

// A local endpoint, so the example runs anywhere: it prints what it receives.
const server = createServer((req, res) => {
  let body = "";
  req.on("data", (chunk: Buffer) => (body += chunk.toString()));
  req.on("end", () => {
    console.log(`endpoint received ${req.method} ${req.url} (${req.headers["content-type"]}):\n${body}`);
    res.writeHead(202).end();
  });
});
server.listen(0, "127.0.0.1", async () => {
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/logs`;
  const events = [
    createLogEvent({ id: "chatcmpl-1", model: "gpt-4o", status: "success", response_cost: 0.0021 }),
    createLogEvent({ id: "chatcmpl-2", model: "gpt-4o", status: "failure", error_str: "RateLimitError" }),
    createLogEvent({ id: "chatcmpl-3", model: "claude-3-5-sonnet", status: "failure", error_str: "Timeout" }),
  ];
  const reports = await runOnce(events, url);
  for (const report of reports) console.log(`${report.outcome}: ${report.events.length} event(s) after ${report.attempts} attempt(s)`);
  server.close();
});
