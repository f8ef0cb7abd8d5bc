/**
 * Checks that `text` is an absolute http(s) URL. Returns a problem description or undefined.
 * The description never contains the URL: its userinfo or query string may carry a token.
 */
export function checkHttpUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return "expected an http(s) URL; got a value that is not an absolute URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return `expected an http(s) URL; got a ${url.protocol.slice(0, -1)} URL`;
  }
  if (url.hostname === "") return "expected an http(s) URL with a host name";
  return undefined;
}
