/**
 * A short rendering of a config value for "got ..." in messages. Only for values that cannot be
 * secrets (enum-like settings and numbers); header values and URLs must never go through here.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  const text = typeof value === "string" ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * `message` with its "; got <value>" replaced by the variables the value came from: a value
 * from the environment is never echoed, since a wrong variable (`port: ${API_KEY}`) would print
 * a secret.
 */
export function hideEnvValue(message: string, names: readonly string[]): string {
  if (names.length === 0) return message;
  const from = names.length === 1 ? `environment variable ${names[0]}` : `environment variables ${names.join(", ")}`;
  return message.replace(/; got [\s\S]*$/, `; got the value of ${from} (not shown)`);
}

/** `message` without its "; got <value>", for a message that already names the variable. */
export function withoutValue(message: string): string {
  return message.replace(/; got [\s\S]*$/, " (its value is not shown)");
}
