/**
 * Appends segments to a dotted key path: names join with `.`, list indices as `[n]`, so issues
 * read `litellm_settings.callbacks[2]` or `callback_settings.my_api.headers.Authorization`.
 */
export function keyPath(base: string, ...segments: readonly PropertyKey[]): string {
  let path = base;
  for (const segment of segments) {
    if (typeof segment === "number") path += `[${segment}]`;
    else path += path === "" ? String(segment) : `.${String(segment)}`;
  }
  return path;
}
