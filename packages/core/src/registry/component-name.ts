/**
 * The one naming rule for components, shared by config validation and the registry:
 * a built-in (or registered) type is snake_case, `[a-z][a-z0-9_]*`; anything else in a config
 * must be an npm package name that can only be a package: scoped (`@acme/x`) or
 * `hookline-<kind>-<name>`.
 */
const TYPE_NAME = /^[a-z][a-z0-9_]*$/;
const PACKAGE_NAME = /^(?:@[a-z0-9][\w.-]*\/[a-z0-9][\w.-]*|hookline-(?:formatter|exporter|processor|source)-[a-z0-9][\w.-]*)$/;

/** True for a registered type's name: snake_case. */
export function isTypeName(name: string): boolean {
  return TYPE_NAME.test(name);
}

/** True for names that can only be npm packages: scoped, or `hookline-<kind>-*`. */
export function isPackageName(name: string): boolean {
  return PACKAGE_NAME.test(name);
}

/** Why `name` cannot name a registered component, or undefined when it can. */
export function componentNameProblem(name: string): string | undefined {
  if (isTypeName(name)) return undefined;
  return "expected a snake_case name ([a-z][a-z0-9_]*)";
}
