import { envValue, replaceVariables, type OnEnvUse } from "./env-value.js";

/** Result of {@link resolveEnvReferences}. */
export interface EnvResolution {
  /** The string with every reference replaced; meaningless when `missing` is not empty. */
  readonly value: string;
  /** Names of referenced variables that are not set, in order of appearance, without repeats. */
  readonly missing: readonly string[];
}

const OS_ENVIRON = /^os\.environ\/([A-Za-z_][A-Za-z0-9_]*)$/;
// `$${` comes first so an escaped brace is consumed before it can look like a reference.
const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Resolves environment references in one config string value: LiteLLM's `os.environ/NAME`
 * (the whole value) and `${NAME}` (anywhere; `$${` stands for a literal `${`).
 *
 * A reference to an unset variable is reported in `missing`, never replaced by an empty string,
 * because a silently empty `Authorization` header fails far from its cause. An empty string
 * counts as set. `onUse` is told each variable used, with its value.
 */
export function resolveEnvReferences(text: string, env: Readonly<Record<string, string | undefined>>, onUse?: OnEnvUse): EnvResolution {
  const whole = OS_ENVIRON.exec(text.trim());
  if (whole) {
    const name = whole[1] as string;
    const value = envValue(env, name);
    if (value === undefined) return { value: "", missing: [name] };
    onUse?.(name, value);
    return { value, missing: [] };
  }
  return replaceVariables(text, REFERENCE, env, "${", onUse);
}
