import { crc32 } from "node:zlib";
import { isEventType } from "../events/event-type.js";
import { createLogEvent, eventJson, eventTypeOf, type LogEvent } from "../events/log-event.js";
import type { StandardLoggingPayload } from "../events/standard-logging-payload.js";

/**
 * The spool's record format, one NDJSON line per record, each ending in a CRC-32 of the bytes
 * before it:
 *
 *   {"s":12,"t":"llm_api_success","p":{...payload...},"c":"89abcdef"}   an event (sequence 12)
 *   {"s":13,"n":40,"c":"89abcdef"}                                      sequences 13..52 were
 *                                                                       settled before they were
 *                                                                       written (none missing)
 *
 * The checksum covers the line up to `,"c":`, so a line can be verified before it is parsed;
 * a record that fails it is damage (a torn write, a flipped bit), never a guess. Lines without
 * a checksum are the format of earlier versions, still read (see {@link decodeRecord}).
 */

/** `,"c":"xxxxxxxx"}`: the fixed-length end of a checksummed line. */
const SUFFIX_BYTES = 16;
const SUFFIX_START = Buffer.from(',"c":"');

/** A decoded line. */
export type SpoolRecord =
  | { readonly kind: "event"; readonly seq: number; readonly event: LogEvent; readonly checked: boolean }
  | { readonly kind: "skip"; readonly seq: number; readonly count: number }
  | { readonly kind: "damaged" };

function hex(value: number): string {
  return value.toString(16).padStart(8, "0");
}

/** The line of an event record (with its newline). */
export function encodeEventRecord(seq: number, event: LogEvent): string {
  const head = `{"s":${seq},"t":"${event.type}","p":`;
  const json = eventJson(event);
  // The payload's bytes, when the event has them, spare encoding its text again for the CRC.
  return `${head}${json},"c":"${hex(crc32(event.bytes ?? json, crc32(head)))}"}\n`;
}

/** The line saying sequences `seq` .. `seq + count - 1` were settled without being written. */
export function encodeSkipRecord(seq: number, count: number): string {
  const head = `{"s":${seq},"n":${count}`;
  return `${head},"c":"${hex(crc32(head))}"}\n`;
}

/** True when the line ends in a checksum suffix (whether or not it matches). */
export function hasChecksum(line: Buffer): boolean {
  const at = line.length - SUFFIX_BYTES;
  return at > 0 && line[line.length - 1] === 0x7d && line[line.length - 2] === 0x22 && line.subarray(at, at + SUFFIX_START.length).equals(SUFFIX_START);
}

/**
 * Decodes one line (without its newline). A checksummed line is accepted only when its CRC
 * matches; a line without one (`legacy`) only when it is a complete old-format record.
 */
export function decodeRecord(line: Buffer, legacy: boolean): SpoolRecord {
  if (hasChecksum(line)) {
    const head = line.subarray(0, line.length - SUFFIX_BYTES);
    const stored = line.subarray(line.length - SUFFIX_BYTES + SUFFIX_START.length, line.length - 2).toString("latin1");
    if (!/^[0-9a-f]{8}$/.test(stored) || crc32(head) !== Number.parseInt(stored, 16)) return { kind: "damaged" };
    return decodeHead(head.toString("utf8"));
  }
  if (!legacy) return { kind: "damaged" };
  try {
    const record = JSON.parse(line.toString("utf8")) as { s?: unknown; t?: unknown; p?: unknown };
    if (!Number.isSafeInteger(record.s) || typeof record.p !== "object" || record.p === null || Array.isArray(record.p)) return { kind: "damaged" };
    const payload = record.p as StandardLoggingPayload;
    const type = isEventType(record.t) ? record.t : eventTypeOf(payload);
    return { kind: "event", seq: record.s as number, event: createLogEvent(payload, type), checked: false };
  } catch {
    return { kind: "damaged" }; // torn by a crash, or damaged
  }
}

const EVENT_HEAD = /^\{"s":(\d+),"t":"(llm_api_success|llm_api_failure)","p":/;
const SKIP_HEAD = /^\{"s":(\d+),"n":(\d+)$/;

function decodeHead(head: string): SpoolRecord {
  const event = EVENT_HEAD.exec(head);
  if (event) {
    // The payload's text is kept as it was written: the event is sent again byte for byte.
    const json = head.slice(event[0].length);
    try {
      const payload = JSON.parse(json) as unknown;
      if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return { kind: "damaged" };
      const type = event[2] as LogEvent["type"];
      return { kind: "event", seq: Number(event[1]), event: createLogEvent(payload as StandardLoggingPayload, type, json), checked: true };
    } catch {
      return { kind: "damaged" }; // a checksum collision on garbage: vanishingly rare, still refused
    }
  }
  const skip = SKIP_HEAD.exec(head);
  if (skip) return { kind: "skip", seq: Number(skip[1]), count: Number(skip[2]) };
  return { kind: "damaged" };
}

/** What the checkpoint file holds: the first unsettled sequence and how far records were written. */
export interface Checkpoint {
  readonly low: number;
  /** Every sequence below this was written (or settled) when the checkpoint was saved. */
  readonly written: number;
}

/** The checkpoint file's text: `{"low":N,"written":M,"c":"crc"}`. */
export function encodeCheckpoint(checkpoint: Checkpoint): string {
  const head = `{"low":${checkpoint.low},"written":${checkpoint.written}`;
  return `${head},"c":"${hex(crc32(head))}"}\n`;
}

/**
 * Reads a checkpoint file's text: the current format (verified), or a bare number (earlier
 * versions, which recorded no `written`). `undefined` when the text is damaged.
 */
export function decodeCheckpoint(text: string): Checkpoint | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return { low: Number(trimmed), written: 0 };
  const match = /^(\{"low":(\d+),"written":(\d+)),"c":"([0-9a-f]{8})"\}$/.exec(trimmed);
  if (!match || crc32(match[1]!) !== Number.parseInt(match[4]!, 16)) return undefined;
  return { low: Number(match[2]), written: Number(match[3]) };
}
