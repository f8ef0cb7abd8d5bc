import type { Formatter, LogEvent } from "@hookline/core";

/** Options of {@link csv}. */
export interface CsvOptions {
  /**
   * Payload fields, one column each; dotted paths reach into objects (`metadata.user_api_key_team_id`).
   * @default ["id", "status", "model", "prompt_tokens", "completion_tokens", "response_cost"]
   */
  readonly fields?: readonly string[];
  /**
   * Start each body with a header row.
   * @default true
   */
  readonly header?: boolean;
  /**
   * Column separator (one character).
   * @default ","
   */
  readonly delimiter?: string;
}

export const DEFAULT_FIELDS = ["id", "status", "model", "prompt_tokens", "completion_tokens", "response_cost"] as const;

/**
 * A formatter that writes one CSV row per event (RFC 4180 quoting), for endpoints that ingest
 * spreadsheets or warehouse loaders.
 *
 * @example
 * ```ts
 * csv({ fields: ["id", "model", "response_cost"] }).encode(events) // "id,model,response_cost\r\nchatcmpl-1,gpt-4o,0.002\r\n"
 * ```
 */
export function csv(options: CsvOptions = {}): Formatter {
  const fields = options.fields ?? DEFAULT_FIELDS;
  const delimiter = options.delimiter ?? ",";
  const row = (cells: readonly string[]) => `${cells.map((cell) => quote(cell, delimiter)).join(delimiter)}\r\n`;
  const head = options.header === false ? "" : row(fields);
  return {
    specificationVersion: 1,
    type: "@acme/hookline-formatter-csv",
    contentType: "text/csv; charset=utf-8",
    encode(events: readonly LogEvent[]): string {
      let body = head;
      for (const event of events) body += row(fields.map((field) => cellOf(lookup(event.payload, field))));
      return body;
    },
  };
}

function lookup(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split(".")) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function cellOf(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

// RFC 4180: quote cells holding the delimiter, a quote or a line break; double inner quotes.
function quote(cell: string, delimiter: string): string {
  return cell.includes(delimiter) || /["\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}
