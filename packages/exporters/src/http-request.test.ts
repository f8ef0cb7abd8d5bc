// The exporter's behaviour tests again, with each request made through undici's `request()`
// (HOOKLINE_HTTP_SEND=request, the path bench/ compares with the exporter's own handler).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent } from "undici";
import { afterAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env["HOOKLINE_HTTP_SEND"] = "request";
});
afterAll(() => {
  delete process.env["HOOKLINE_HTTP_SEND"];
});

await import("./http.test.js");
const { httpExporter } = await import("./http.js");

describe("httpExporter with HOOKLINE_HTTP_SEND=request", () => {
  it("sends through the dispatcher's request()", async () => {
    const server = createServer((_request, response) => response.end("ok"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const agent = new Agent();
    const request = vi.spyOn(agent, "request");
    const dispatch = vi.spyOn(agent, "dispatch");
    try {
      const exporter = httpExporter({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, dispatcher: agent });
      const result = await exporter.export({ body: "[]", contentType: "application/json", eventCount: 0 }, { signal: new AbortController().signal });
      expect(result).toEqual({ kind: "success", status: 200 });
      expect(request).toHaveBeenCalledTimes(1);
      expect(dispatch).toHaveBeenCalledTimes(1);
    } finally {
      await agent.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
