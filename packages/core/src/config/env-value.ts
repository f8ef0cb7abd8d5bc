/**
 * The value of variable `name`, or undefined. Own properties only: the environment is a plain
 * object, and `${constructor}` must not find `Object.prototype.constructor`.
 */
export function envValue(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  return Object.hasOwn(env, name) ? env[name] : undefined;
}
