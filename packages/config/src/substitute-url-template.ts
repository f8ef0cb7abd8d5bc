import { envValue, type OnEnvUse } from "./env-value.js";
import type { TemplateSubstitution } from "./substitute-template.js";

const PLACEHOLDER = /\{\{\s*environment_variables\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/**
 * Whether a placeholder that starts at `offset` of a URL template sits in a part where its value
 * must be percent-encoded: the userinfo, the path, the query or the fragment. A placeholder at the
 * start of the URL (a whole URL or base URL in a variable) or in the host is used as it is.
 */
function encodedAt(template: string, offset: number): boolean {
  const before = template.slice(0, offset);
  if (/[?#]/.test(before)) return true;
  const scheme = before.indexOf("://");
  if (scheme < 0) return false;
  const authority = before.slice(scheme + 3);
  if (authority.includes("/")) return true;
  if (authority.includes("@")) return false;
  // Still in the authority: userinfo when an `@` follows before the path starts.
  const rest = template.slice(offset);
  const at = rest.indexOf("@");
  const slash = rest.search(/[/?#]/);
  return at >= 0 && (slash < 0 || at < slash);
}

/**
 * Fills in `{{environment_variables.NAME}}` placeholders in an endpoint template. Values that go
 * into the userinfo, path, query string or fragment are percent-encoded (so a token with `&` or a
 * table name with a space cannot change the URL's structure); values at the start of the URL or in
 * the host are used as they are, so a variable may hold a whole base URL or a host name.
 * `onUse` is told each variable substituted, with its value as set (not encoded).
 */
export function substituteUrlTemplate(template: string, env: Readonly<Record<string, string | undefined>>, onUse?: OnEnvUse): TemplateSubstitution {
  const missing: string[] = [];
  const value = template.replace(PLACEHOLDER, (match, name: string, offset: number) => {
    const found = envValue(env, name);
    if (found === undefined) {
      if (!missing.includes(name)) missing.push(name);
      return match;
    }
    onUse?.(name, found);
    return encodedAt(template, offset) ? encodeURIComponent(found) : found;
  });
  return { value, missing };
}
