import type { ConnectionStats } from "./connection-guard.js";

/** Counters of the receiver itself. */
export interface ReceiverStats {
  requests: number;
  acceptedEvents: number;
  /** Elements rejected (not payloads, not UTF-8); with dead letters they are kept there. */
  rejectedEvents: number;
  /** Rejected elements written to the receiver's dead letters. */
  deadLetteredEvents: number;
  /** Elements accepted after a repair (NaN / Infinity written as null). */
  repairedEvents: number;
  malformedBodies: number;
  refusedBodies: number;
  /** Bodies answered 503 because a spool could not write their events. */
  storageFailedBodies: number;
  /** Bodies refused whole because an element was rejected and there are no dead letters. */
  rejectedBodies: number;
  /** Bodies answered 503 after waiting for settlement: an event was not delivered (answerAfterSettlement). */
  unsettledBodies: number;
  /** POSTs refused with 401 (no or wrong bearer token). */
  unauthorized: number;
  /** Requests refused with 508: they had passed through this instance already, or too many. */
  loops: number;
  readonly connections: ConnectionStats;
}

/** Counters at zero, sharing `connections` with the connection guard. */
export function receiverStats(connections: ConnectionStats): ReceiverStats {
  return {
    requests: 0,
    acceptedEvents: 0,
    rejectedEvents: 0,
    deadLetteredEvents: 0,
    repairedEvents: 0,
    malformedBodies: 0,
    refusedBodies: 0,
    storageFailedBodies: 0,
    rejectedBodies: 0,
    unsettledBodies: 0,
    unauthorized: 0,
    loops: 0,
    connections,
  };
}
