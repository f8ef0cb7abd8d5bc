/**
 * The events of a body the `ndjson` or `single` formatter made: views of each event's bytes,
 * never copies. A JSON text holds no raw line break (they are escaped inside strings), so a body
 * of newline-separated texts splits at every `\n`. Undefined for any other kind of body.
 */
export function splitEvents(body: string | Uint8Array, contentType: string, eventCount: number): Uint8Array[] | undefined {
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  if (type === "application/json") return eventCount === 1 ? [bytes] : undefined;
  if (type !== "application/x-ndjson") return undefined;
  const events: Uint8Array[] = [];
  let start = 0;
  for (;;) {
    const end = bytes.indexOf(10, start);
    const stop = end === -1 ? bytes.byteLength : end;
    if (stop > start) events.push(bytes.subarray(start, stop));
    if (end === -1) return events;
    start = end + 1;
  }
}
