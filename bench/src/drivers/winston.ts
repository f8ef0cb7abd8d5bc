/**
 * Peer: winston with its built-in HTTP transport in batch mode (`batch: true, batchCount:
 * batchSize, batchInterval: 1000`), default (json) format; `logger.info("litellm_call", payload)`.
 * The transport has no retries and no flush: a failed batch is lost (it emits `warn`), and a
 * partial batch waits for `batchInterval`.
 */
import type { StandardLoggingPayload } from "@hookline/core";
import winston from "winston";
import type { Subject } from "../harness.js";
import type { DriverSpec } from "../types.js";

export function winstonSubject(spec: DriverSpec): Subject {
  const path = `/winston/${spec.runId}`;
  const url = new URL(spec.receiverUrl);
  const transport = new winston.transports.Http({
    host: url.hostname,
    port: Number(url.port),
    path,
    batch: true,
    batchCount: spec.batchSize,
    batchInterval: 1000,
  });
  let warnings = 0;
  transport.on("warn", () => warnings++);
  const logger = winston.createLogger({ level: "info", transports: [transport] });
  return {
    paths: [path],
    hasFlush: false,
    log: (event: StandardLoggingPayload) => logger.info("litellm_call", event),
    async finish() {
      logger.close();
    },
    extra: () => ({ transportWarnings: warnings }),
    notes: ["winston's HTTP transport has no retry and no flush: events in failed batches are lost; completion is when the receiver has every id or goes quiet"],
  };
}
