/** Result of {@link parseGenericLoggerHeaders}. */
export interface ParsedHeaders {
  readonly headers: Record<string, string>;
  /** One message per malformed item; they never contain the item, which may hold a secret. */
  readonly problems: readonly string[];
}

/**
 * Parses `GENERIC_LOGGER_HEADERS` the way LiteLLM does: `Key=Value,Key2=Value2`, split on commas,
 * each item on its first `=`, key and value trimmed. Unlike LiteLLM, an item without `=` is
 * reported instead of dropped, since a dropped auth header only shows up as 401s later.
 * Empty items (a trailing comma) are skipped.
 */
export function parseGenericLoggerHeaders(text: string): ParsedHeaders {
  const headers: Record<string, string> = {};
  const problems: string[] = [];
  text.split(",").forEach((item, index) => {
    if (item.trim() === "") return;
    const at = item.indexOf("=");
    if (at < 0) {
      problems.push(`item ${index + 1} has no "="; expected Key=Value,Key2=Value2`);
      return;
    }
    const key = item.slice(0, at).trim();
    if (key === "") {
      problems.push(`item ${index + 1} has an empty header name; expected Key=Value,Key2=Value2`);
      return;
    }
    headers[key] = item.slice(at + 1).trim();
  });
  return { headers, problems };
}
