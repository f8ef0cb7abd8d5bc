import { createRegistry, type ComponentDefinition, type ComponentRegistry } from "@hookline/core";
import { type ComponentTypes } from "@hookline/config";
import { builtinExporters } from "@hookline/exporters";
import { builtinFormatters } from "@hookline/formatters";
import { builtinProcessors } from "@hookline/processors";

/** Every component `hookline` ships. */
export const BUILTIN_COMPONENTS: readonly ComponentDefinition[] = [...builtinFormatters, ...builtinExporters, ...builtinProcessors] as never[];

/** A registry holding the built-in formatters, exporters and processors; packages resolve from `resolveFrom`. */
export function builtinRegistry(resolveFrom: readonly string[] = [process.cwd()]): ComponentRegistry {
  return createRegistry(BUILTIN_COMPONENTS, { resolveFrom });
}

/** The built-in component types by kind, so that config validation names the valid ones. */
export function builtinComponentTypes(): ComponentTypes {
  const registry = builtinRegistry();
  return { formatter: registry.types("formatter"), exporter: registry.types("exporter"), processor: registry.types("processor") };
}
