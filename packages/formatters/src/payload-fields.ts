/**
 * Helpers the service formatters share: reading payload fields by dotted path, the event's
 * time in the units each wire format wants, and keeping JSON text on one line. Internal to the
 * package (not exported from the index or a subpath).
 *
 * @packageDocumentation
 */
import type { LogEvent, StandardLoggingPayload } from "@hookline/core";

/** A JSON scalar that can become a label, an indexed field or an attribute value. */
export type Scalar = string | number | boolean;

/**
 * Reads `path` from the payload: an own field name first (payload keys may contain dots), then a
 * dotted path through nested objects, e.g. `metadata.user_api_key_team_id`.
 */
export function fieldValue(payload: StandardLoggingPayload, path: string): unknown {
  if (Object.prototype.hasOwnProperty.call(payload, path)) return payload[path];
  if (!path.includes(".")) return undefined;
  let value: unknown = payload;
  for (const part of path.split(".")) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The value when it is a non-empty string, a finite number or a boolean; otherwise undefined. */
export function scalarValue(value: unknown): Scalar | undefined {
  if (typeof value === "string") return value === "" ? undefined : value;
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "boolean") return value;
  return undefined;
}

/** {@link scalarValue} as a string, for labels and indexed fields, which only take strings. */
export function scalarString(value: unknown): string | undefined {
  const scalar = scalarValue(value);
  return scalar === undefined ? undefined : String(scalar);
}

/**
 * Epoch seconds from a payload time field. LiteLLM writes epoch seconds as a float; a numeric
 * string or an ISO 8601 date string is accepted too. Undefined for anything else, zero or less.
 */
export function epochSeconds(value: unknown): number | undefined {
  let seconds: number | undefined;
  if (typeof value === "number") seconds = value;
  else if (typeof value === "string" && value.trim() !== "") {
    const numeric = Number(value);
    if (Number.isFinite(numeric)) seconds = numeric;
    else {
      const parsed = Date.parse(value);
      if (Number.isFinite(parsed)) seconds = parsed / 1000;
    }
  }
  return seconds !== undefined && Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}

/**
 * When the call happened, in epoch seconds: `endTime`, else `startTime`, else undefined. The end
 * is preferred because that is when the log was produced and when the outcome was known.
 */
export function eventTimeSeconds(payload: StandardLoggingPayload): number | undefined {
  return epochSeconds(payload.endTime) ?? epochSeconds(payload.startTime);
}

/**
 * Epoch seconds as a decimal string of nanoseconds, e.g. `1700000000.5` → `"1700000000500000000"`.
 * Nanoseconds since 1970 exceed 2^53, so the float is rounded to microseconds (the precision of
 * LiteLLM's `datetime.timestamp()` and below a double's resolution at today's epoch) and scaled
 * with a bigint instead of being multiplied as a float.
 */
export function secondsToNanosString(seconds: number): string {
  return (BigInt(Math.round(seconds * 1e6)) * 1000n).toString();
}

/** Epoch milliseconds as a decimal string of nanoseconds. */
export function millisToNanosString(millis: number): string {
  return (BigInt(Math.round(millis * 1000)) * 1000n).toString();
}

/** Epoch seconds rounded to milliseconds, e.g. `1700000000.1234567` → `1700000000.123`. */
export function secondsToMillisPrecision(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

const lineBreaks = /[\r\n]/g;

/**
 * The event's JSON text on a single line. An event that arrived serialized keeps its original
 * bytes, which may be pretty-printed; a raw CR or LF can only be insignificant whitespace in JSON
 * text (inside strings they must be escaped), so dropping them keeps the value intact.
 */
export function singleLineJson(json: string): string {
  return json.includes("\n") || json.includes("\r") ? json.replace(lineBreaks, "") : json;
}

/** The event's `call_type` without LiteLLM's `litellm.` module prefix, lower-cased. */
export function callType(event: LogEvent): string | undefined {
  const value = event.payload.call_type;
  return typeof value === "string" && value !== "" ? value.replace(/^litellm\./, "").toLowerCase() : undefined;
}

/** True for a plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
