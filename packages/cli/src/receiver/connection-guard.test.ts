import { createServer, type Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { guardConnections } from "./connection-guard.js";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(handler: Parameters<typeof createServer>[1] = (_req, res) => res.end("ok")): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  cleanups.push(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
  return { server, port: (server.address() as AddressInfo).port };
}

const open = (port: number): Promise<Socket> =>
  new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port }, () => resolve(socket));
    socket.on("error", () => {});
    cleanups.push(() => socket.destroy());
  });
const closed = (socket: Socket): Promise<void> => new Promise((resolve) => (socket.destroyed ? resolve() : socket.once("close", () => resolve())));

describe("guardConnections", () => {
  it("at the bound, closes the connection idle longest to make room for a new one", async () => {
    const { server, port } = await serve();
    const stats = guardConnections(server, { maxConnections: 2 });
    const first = await open(port);
    const second = await open(port);
    await new Promise((resolve) => setImmediate(resolve));
    await open(port);
    await closed(first);
    expect(second.destroyed).toBe(false);
    expect(stats).toEqual({ evicted: 1, refused: 0 });
  });

  it("never closes a busy connection: when every one is busy, the new one is refused", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const { server, port } = await serve((_req, res) => void held.then(() => res.end("ok")));
    const stats = guardConnections(server, { maxConnections: 1 });
    const busy = await open(port);
    busy.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    await new Promise<void>((resolve) => server.once("request", () => resolve()));
    const late = await open(port);
    await closed(late);
    expect(busy.destroyed).toBe(false);
    expect(stats).toEqual({ evicted: 0, refused: 1 });
    release();
  });
});
