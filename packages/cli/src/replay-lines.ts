import { setTimeout as sleep } from "node:timers/promises";
import {
  createLogEvent,
  describeNonFiniteRepairs,
  eventTypeOf,
  isEventType,
  payloadProblem,
  readPayloadJson,
  repairNonFiniteJson,
  type LogEvent,
  type Pipeline,
  type StandardLoggingPayload,
} from "@hookline/core";
import type { Output } from "./console-output.js";

/** What {@link replayLines} read. */
export interface ReplayStats {
  lines: number;
  events: number;
  malformed: number;
  /** Lines accepted after NaN / Infinity were written as null. */
  repaired: number;
}

const CHUNK = 100;

/**
 * Sends each NDJSON line through the pipeline. A line is a `StandardLoggingPayload`, or a
 * hookline dead-letter record (its payload is sent again). A malformed line is reported with its
 * number and skipped. When a callback's queue is full, replay waits for room instead of dropping.
 * `stats` is filled as lines are read (a progress line reads it meanwhile).
 */
export async function replayLines(
  lines: AsyncIterable<string>,
  pipeline: Pipeline,
  output: Output,
  stats: ReplayStats = { lines: 0, events: 0, malformed: 0, repaired: 0 },
): Promise<ReplayStats> {
  const known = new Set(pipeline.callbackNames);
  // Groups no larger than the smallest queue, so every group can fit once there is room.
  const chunkSize = Math.max(1, Math.min(CHUNK, pipeline.capacity));
  const warnedUnknown = new Set<string>();
  let chunk: LogEvent[] = [];
  const push = async (): Promise<void> => {
    for (;;) {
      const result = pipeline.offer(chunk, { everyPolicy: true });
      if (result.accepted) break;
      await sleep(Math.min(result.retryAfterMs, 20));
    }
    stats.events += chunk.length;
    chunk = [];
  };
  for await (const raw of lines) {
    stats.lines += 1;
    const line = raw.trim();
    if (line === "") continue;
    let event = parseLine(line);
    // Python's json.dumps writes NaN and Infinity, which are not JSON: written as null, counted.
    const repair = typeof event === "string" && event.startsWith("malformed JSON") ? repairNonFiniteJson(line) : undefined;
    if (repair !== undefined) {
      const repaired = parseLine(repair.text);
      if (typeof repaired !== "string") {
        event = repaired;
        stats.repaired += 1;
        output.err(`line ${stats.lines}: repaired: ${describeNonFiniteRepairs(repair.repairs)}`);
      }
    }
    if (typeof event === "string") {
      stats.malformed += 1;
      output.err(`line ${stats.lines}: skipped: ${event}`);
      continue;
    }
    // A dead letter goes back to its own callback only, unless that callback is gone.
    if (event.callback !== undefined && !known.has(event.callback)) {
      if (!warnedUnknown.has(event.callback)) {
        warnedUnknown.add(event.callback);
        output.err(`line ${stats.lines}: dead letters of callback "${event.callback}", which this config does not have, go to every callback`);
      }
      event = createLogEvent(event.payload, event.type, event.json);
    }
    chunk.push(event);
    if (chunk.length >= chunkSize) await push();
  }
  if (chunk.length > 0) await push();
  return stats;
}

/**
 * Reads one line into an event, or returns why it cannot be one. A payload line keeps its text
 * and is not parsed into objects (see `readPayloadJson`); a dead-letter record is parsed to
 * unwrap its payload.
 */
export function parseLine(line: string): LogEvent | string {
  if (!line.includes('"hookline_dead_letter"')) {
    const read = readPayloadJson(line);
    if ("malformed" in read) return `malformed JSON: ${read.malformed}`;
    return "event" in read ? read.event : read.rejected;
  }
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return `malformed JSON: ${err instanceof Error ? err.message : String(err)}`;
  }
  if (isKeptBytes(value)) return "a receiver dead letter of bytes that are not valid UTF-8 (payload_base64): fix the bytes, then replay the payload itself";
  if (isDeadLetter(value)) {
    const problem = payloadProblem(value.payload);
    if (problem) return problem;
    const type = isEventType(value.event_type) ? value.event_type : eventTypeOf(value.payload);
    const event = createLogEvent(value.payload, type);
    return typeof value.callback === "string" ? { ...event, callback: value.callback } : event;
  }
  const problem = payloadProblem(value);
  if (problem) return problem;
  return createLogEvent(value as StandardLoggingPayload, eventTypeOf(value as StandardLoggingPayload), line);
}

function isDeadLetter(value: unknown): value is { payload: StandardLoggingPayload; event_type?: unknown; callback?: unknown } {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)["hookline_dead_letter"] === 1 && "payload" in value;
}

function isKeptBytes(value: unknown): boolean {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)["hookline_dead_letter"] === 1 && "payload_base64" in value;
}
