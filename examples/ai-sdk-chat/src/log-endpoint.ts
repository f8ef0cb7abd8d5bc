import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** Where the logs go in this example: a local endpoint that keeps each NDJSON line it receives. */
export async function startLogEndpoint(): Promise<{ url: string; server: Server; received: Record<string, unknown>[] }> {
  const received: Record<string, unknown>[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      for (const line of body.split("\n")) if (line.trim() !== "") received.push(JSON.parse(line) as Record<string, unknown>);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/logs`, server, received };
}
