/**
 * Several endpoints seen as one for the accounting identity: an event counts as delivered when
 * any of them acknowledged it, and once per acknowledgement (so an event delivered to two of
 * them is a duplicate).
 */
import type { FaultServer } from "./fault-server.js";

export function mergedDeliveries(...servers: readonly FaultServer[]): FaultServer {
  const merged = (pick: (s: FaultServer) => Map<string, number>): Map<string, number> => {
    const map = new Map<string, number>();
    for (const server of servers) for (const [id, n] of pick(server)) map.set(id, (map.get(id) ?? 0) + n);
    return map;
  };
  return {
    ...servers[0]!,
    requests: servers.flatMap((s) => s.requests),
    deliveredCounts: () => merged((s) => s.deliveredCounts()),
    arrivalCounts: () => merged((s) => s.arrivalCounts()),
  };
}

/** The ids each server acknowledged with a 2xx. */
export function deliveredAt(server: FaultServer): Set<string> {
  return new Set(server.deliveredCounts().keys());
}
