/**
 * The value of variable `name`, or undefined. Own properties only: the environment is a plain
 * object, and `${constructor}` must not find `Object.prototype.constructor`.
 */
export function envValue(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  return Object.hasOwn(env, name) ? env[name] : undefined;
}

/** Told each variable a config value uses and its value, so messages can mask it (see `SecretScrubber`). */
export type OnEnvUse = (name: string, value: string) => void;

/**
 * Replaces every match of `pattern` (global; group 1 is the variable name) with the variable's
 * value. A match without a name is an escape and becomes `escaped`; a variable that is not set
 * keeps its match and is listed in `missing` (in order, without repeats), never replaced by "".
 * `onUse` is told each variable that was substituted.
 */
export function replaceVariables(
  text: string,
  pattern: RegExp,
  env: Readonly<Record<string, string | undefined>>,
  escaped = "",
  onUse?: OnEnvUse,
): { value: string; missing: string[] } {
  const missing: string[] = [];
  const value = text.replace(pattern, (match, name: string | undefined) => {
    if (name === undefined) return escaped;
    const found = envValue(env, name);
    if (found === undefined) {
      if (!missing.includes(name)) missing.push(name);
      return match;
    }
    onUse?.(name, found);
    return found;
  });
  return { value, missing };
}
