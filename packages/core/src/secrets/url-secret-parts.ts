import { REDACTED } from "./redacted.js";

/** Options of {@link urlSecretParts}. */
export interface UrlSecretOptions {
  /**
   * The URL's path is a credential (a chat webhook's `/services/T…/B…/…`): the path is masked
   * as `/[redacted]`, so a printed URL keeps its scheme and host.
   * @default false
   */
  readonly secretPath?: boolean;
}

/**
 * The parts of an endpoint URL that may be credentials, each with its mask: the userinfo (user
 * and password), every query value, and, with `secretPath`, the path. Empty for text that is not
 * a URL (messages never print such an endpoint).
 */
export function urlSecretParts(url: string | URL, options: UrlSecretOptions = {}): Array<readonly [string, string]> {
  let parsed: URL;
  try {
    parsed = typeof url === "string" ? new URL(url.trim()) : url;
  } catch {
    return [];
  }
  const parts: Array<readonly [string, string]> = [];
  if (options.secretPath && parsed.pathname.length > 1) {
    // The path with and without its leading slash: an echo may quote either.
    parts.push([parsed.pathname, `/${REDACTED}`], [parsed.pathname.slice(1), REDACTED]);
  }
  for (const part of [parsed.username, parsed.password]) if (part !== "") parts.push([part, REDACTED]);
  if (parsed.search.length > 1) {
    parts.push([parsed.search.slice(1), REDACTED]);
    // Raw values, as written (percent-encoded); their decoded forms are added by the scrubber.
    for (const pair of parsed.search.slice(1).split("&")) {
      const eq = pair.indexOf("=");
      if (eq >= 0 && eq < pair.length - 1) parts.push([pair.slice(eq + 1), REDACTED]);
    }
  }
  return parts;
}
