/**
 * A URL safe to print: scheme, host, port and path, without userinfo (`user:password@`),
 * query string or fragment, where credentials and API keys tend to live.
 *
 * @example
 * ```ts
 * redactUrl("https://user:pw@logs.example.com:8443/ingest?api_key=s3cret#x");
 * // "https://logs.example.com:8443/ingest"
 * ```
 */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = typeof url === "string" ? new URL(url) : url;
  } catch {
    return redactUnparsable(url as string);
  }
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}

// Used only for messages about URLs that do not even parse, so it errs on cutting too much.
function redactUnparsable(url: string): string {
  const withoutQuery = url.split(/[?#]/, 1)[0] ?? "";
  return withoutQuery.replace(/^([^:/]*:\/\/)?[^/]*@/, "$1");
}
