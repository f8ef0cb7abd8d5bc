import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createLogEvent } from "@hookline/core";
import { runOnce } from "./ship-failures.js";

let server: Server | undefined;
afterEach(() => server?.close());

describe("shipFailures", () => {
  it("sends only failures, as NDJSON, retrying a 503", async () => {
    const bodies: string[] = [];
    let calls = 0;
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        calls += 1;
        if (calls === 1) return void res.writeHead(503, { "Retry-After": "0" }).end();
        bodies.push(body);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/logs`;
    const reports = await runOnce(
      [createLogEvent({ id: "1", status: "success" }), createLogEvent({ id: "2", status: "failure" }), createLogEvent({ id: "3", status: "failure" })],
      url,
    );
    expect(reports.map((r) => [r.outcome, r.attempts, r.events.length])).toEqual([["delivered", 2, 2]]);
    expect(bodies).toEqual(['{"id":"2","status":"failure"}\n{"id":"3","status":"failure"}\n']);
  });
});
