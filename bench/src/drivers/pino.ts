/**
 * Peer: pino with pino-http-send's `createWriteStream` as the destination (in process; it is a
 * stream, not a worker-thread transport). Batches of `batchSize`, `{"logs":[...]}` bodies,
 * partial batches after 1 s, 5 retries 1 s apart; every batch is sent at once (no concurrency
 * cap). `logger.info(payload)`. The stream re-parses every line pino wrote, then got
 * re-serializes the batch.
 */
import type { StandardLoggingPayload } from "@hookline/core";
import { pino } from "pino";
import pinoHttpSend from "pino-http-send";
import type { Subject } from "../harness.js";
import type { DriverSpec } from "../types.js";

export function pinoSubject(spec: DriverSpec): Subject {
  const path = `/pino/${spec.runId}`;
  const stream = pinoHttpSend.createWriteStream({
    url: `${spec.receiverUrl}${path}`,
    bodyType: "json",
    batchSize: spec.batchSize,
    timeout: 1000,
    retries: 5,
    interval: 1000,
    silent: true,
  });
  const logger = pino({ level: "info" }, stream);
  return {
    paths: [path],
    hasFlush: false,
    log: (event: StandardLoggingPayload) => logger.info(event),
    async finish() {
      // pino-http-send has no flush; its retry timers end with the process.
    },
    notes: ["pino-http-send has no flush and sends every batch at once (no concurrency cap); completion is when the receiver has every id or goes quiet"],
  };
}
