import { HooklineError } from "@hookline/core";

/**
 * An options problem found when a processor is created (a regex that does not compile, a CEL
 * syntax error, a malformed path): the same error as a schema violation, located at `path`
 * inside the processor's options.
 */
export function optionsError(type: string, path: string, message: string): HooklineError {
  return new HooklineError("ERR_COMPONENT_OPTIONS_INVALID", `invalid options for processor "${type}":\n${path}: ${message}`, {
    issues: [{ path, message }],
  });
}
