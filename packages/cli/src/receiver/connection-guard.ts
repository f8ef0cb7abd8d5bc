import type { Server } from "node:http";
import type { Socket } from "node:net";

/** Options of {@link guardConnections}. */
export interface ConnectionGuardOptions {
  /** Most connections open at once. */
  readonly maxConnections: number;
}

/** Counters of {@link guardConnections}. */
export interface ConnectionStats {
  /** Idle connections closed to make room for a new one. */
  evicted: number;
  /** New connections closed because every open one was busy. */
  refused: number;
}

/**
 * Bounds a server's open connections. When a new connection would pass the bound, the idle
 * connection that has been idle longest (kept alive after a response, or never sent a request)
 * is closed to make room; only when every connection is busy is the new one closed instead. A
 * flood of idle sockets thus cannot starve real senders, and the process stays well below its
 * file-descriptor limit (past it, accept() fails and nothing can be received at all).
 *
 * Timeouts are Node's: a new connection must send its headers within `headersTimeout` (counted
 * from the connection), a request must arrive whole within `requestTimeout`, and a kept-alive
 * connection is closed after `keepAliveTimeout` without a request.
 */
export function guardConnections(server: Server, options: ConnectionGuardOptions): ConnectionStats {
  const stats: ConnectionStats = { evicted: 0, refused: 0 };
  // Insertion order is idle order: the first is the one idle longest.
  const idle = new Set<Socket>();
  const busy = new Map<Socket, number>();

  server.on("connection", (socket: Socket) => {
    if (idle.size + busy.size >= options.maxConnections) {
      const oldest = idle.values().next();
      if (oldest.done) {
        stats.refused += 1;
        socket.destroy();
        return;
      }
      stats.evicted += 1;
      idle.delete(oldest.value);
      oldest.value.destroy();
    }
    idle.add(socket);
    socket.once("close", () => {
      idle.delete(socket);
      busy.delete(socket);
    });
  });

  server.on("request", (req, res) => {
    const socket = req.socket;
    if (socket.destroyed) return;
    idle.delete(socket);
    busy.set(socket, (busy.get(socket) ?? 0) + 1);
    res.once("close", () => {
      const left = (busy.get(socket) ?? 1) - 1;
      if (left > 0) {
        busy.set(socket, left);
        return;
      }
      busy.delete(socket);
      if (!socket.destroyed) idle.add(socket);
    });
  });
  return stats;
}
