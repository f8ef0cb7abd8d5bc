/**
 * Appends segments to a dotted key path: names join with `.`, list indices as `[n]`, so issues
 * read `litellm_settings.callbacks[2]` or `callback_settings.my_api.headers.Authorization`. A name
 * with a control character is written as a JSON string in brackets (`headers["X\r\nY"]`), so a
 * key can never break the line a message is printed on.
 */
export function keyPath(base: string, ...segments: readonly PropertyKey[]): string {
  let path = base;
  for (const segment of segments) {
    if (typeof segment === "number") path += `[${segment}]`;
    else if (/[\p{Cc}\u2028\u2029]/u.test(String(segment))) path += `[${JSON.stringify(String(segment))}]`;
    else path += path === "" ? String(segment) : `.${String(segment)}`;
  }
  return path;
}
