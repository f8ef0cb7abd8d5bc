/**
 * Body parsers of the counting receiver. The first path segment names the format, so every
 * driver's body is parsed the way its sender means it and a malformed body is an error, not a
 * silently miscounted request:
 *
 * | path prefix  | body |
 * | ---          | ---  |
 * | `/ndjson/`   | one JSON object per line |
 * | `/json/`     | one JSON array of objects |
 * | `/single/`   | one JSON object |
 * | `/otlp/`     | OTLP/HTTP JSON `ExportLogsServiceRequest`; the id is the `EVENT_ID_ATTRIBUTE` attribute, else the body's `id` |
 * | `/winston/`  | winston's HTTP transport: a JSON array of info objects (batch mode) or one object |
 * | `/pino/`     | pino-http-send: `{"logs":[...]}` (its `json` body type) or NDJSON |
 * | `/auto/`     | whichever of JSON array, one object or NDJSON the body is |
 */

export const BODY_FORMATS = ["ndjson", "json", "single", "otlp", "winston", "pino", "auto"] as const;
export type BodyFormat = (typeof BODY_FORMATS)[number];

/** The log-record attribute the OpenTelemetry driver puts the payload id in. */
export const EVENT_ID_ATTRIBUTE = "llm.call.id";

/** The body format a request path names, or undefined when the path names none. */
export function formatOfPath(path: string): BodyFormat | undefined {
  const segment = path.split("/")[1] ?? "";
  return (BODY_FORMATS as readonly string[]).includes(segment) ? (segment as BodyFormat) : undefined;
}

/** Ids found in a body; `missing` counts records that had no id. */
export interface ParsedIds {
  readonly ids: string[];
  readonly missing: number;
}

/** Parses `text` as `format` and returns the event ids in it. Throws on malformed bodies. */
export function extractIds(format: BodyFormat, text: string): ParsedIds {
  const out = { ids: [] as string[], missing: 0 };
  switch (format) {
    case "ndjson":
      for (const record of parseNdjson(text)) pushId(out, idOf(record));
      break;
    case "json":
      for (const record of expectArray(JSON.parse(text))) pushId(out, idOf(record));
      break;
    case "single":
      pushId(out, idOf(expectObject(JSON.parse(text))));
      break;
    case "otlp":
      for (const id of otlpIds(JSON.parse(text))) pushId(out, id);
      break;
    case "winston": {
      const value: unknown = JSON.parse(text);
      for (const record of Array.isArray(value) ? value : [expectObject(value)]) pushId(out, idOf(record));
      break;
    }
    case "pino": {
      const trimmed = text.trimStart();
      const wrapped = trimmed.startsWith("{") && !trimmed.includes("\n{") ? tryParse(text) : undefined;
      if (isRecord(wrapped) && Array.isArray(wrapped["logs"])) {
        for (const record of wrapped["logs"]) pushId(out, idOf(record));
      } else {
        for (const record of parseNdjson(text)) pushId(out, idOf(record));
      }
      break;
    }
    case "auto": {
      const trimmed = text.trimStart();
      if (trimmed.startsWith("[")) return extractIds("json", text);
      const whole = tryParse(text);
      if (whole !== undefined) pushId(out, idOf(expectObject(whole)));
      else return extractIds("ndjson", text);
      break;
    }
  }
  return out;
}

function pushId(out: { ids: string[]; missing: number }, id: string | undefined): void {
  if (id === undefined) out.missing++;
  else out.ids.push(id);
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function parseNdjson(text: string): unknown[] {
  const records: unknown[] = [];
  let start = 0;
  let line = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    line++;
    const chunk = text.slice(start, end);
    if (chunk.trim() !== "") {
      try {
        records.push(JSON.parse(chunk));
      } catch (error) {
        throw new Error(`NDJSON line ${line}: ${(error as Error).message}`);
      }
    }
    start = end + 1;
  }
  return records;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function expectArray(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new Error("expected a JSON array");
  return value;
}

function expectObject(value: unknown): Record<string, unknown> {
  if (!isRecord(value)) throw new Error("expected a JSON object");
  return value;
}

/** The payload id of a record: `id`, else `payload.id`, else `litellm_call_id`. */
export function idOf(record: unknown): string | undefined {
  if (!isRecord(record)) return undefined;
  if (typeof record["id"] === "string") return record["id"];
  const payload = record["payload"];
  if (isRecord(payload) && typeof payload["id"] === "string") return payload["id"];
  if (typeof record["litellm_call_id"] === "string") return record["litellm_call_id"];
  return undefined;
}

/** Ids of an OTLP/HTTP JSON logs request: attribute first, then the body (kvlist or JSON string). */
function otlpIds(request: unknown): (string | undefined)[] {
  const ids: (string | undefined)[] = [];
  const resourceLogs = expectObject(request)["resourceLogs"];
  for (const resource of expectArray(resourceLogs ?? [])) {
    for (const scope of expectArray(expectObject(resource)["scopeLogs"] ?? [])) {
      for (const record of expectArray(expectObject(scope)["logRecords"] ?? [])) {
        ids.push(otlpRecordId(expectObject(record)));
      }
    }
  }
  return ids;
}

function otlpRecordId(record: Record<string, unknown>): string | undefined {
  const attributes = record["attributes"];
  if (Array.isArray(attributes)) {
    for (const attribute of attributes) {
      if (isRecord(attribute) && attribute["key"] === EVENT_ID_ATTRIBUTE) {
        const value = attribute["value"];
        if (isRecord(value) && typeof value["stringValue"] === "string") return value["stringValue"];
      }
    }
  }
  const body = record["body"];
  if (!isRecord(body)) return undefined;
  if (typeof body["stringValue"] === "string") return idOf(tryParse(body["stringValue"]));
  const kvlist = body["kvlistValue"];
  if (isRecord(kvlist) && Array.isArray(kvlist["values"])) {
    for (const entry of kvlist["values"]) {
      if (isRecord(entry) && entry["key"] === "id") {
        const value = entry["value"];
        if (isRecord(value) && typeof value["stringValue"] === "string") return value["stringValue"];
      }
    }
  }
  return undefined;
}
