import { createRegistry, type ComponentRegistry } from "@hookline/core";
import { builtinExporters } from "@hookline/exporters";
import { builtinFormatters } from "@hookline/formatters";

/** A registry holding the built-in formatters and exporters; packages resolve from `resolveFrom`. */
export function builtinRegistry(resolveFrom: readonly string[] = [process.cwd()]): ComponentRegistry {
  return createRegistry([...builtinFormatters, ...builtinExporters] as never[], { resolveFrom });
}
