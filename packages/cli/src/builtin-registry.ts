import { createRegistry, type ComponentDefinition, type ComponentRegistry } from "@hookline/core";
import { type ComponentTypes } from "@hookline/config";
import { builtinExporters } from "@hookline/exporters";
import { builtinFormatters } from "@hookline/formatters";
import { builtinProcessors } from "@hookline/processors";
import type { ResolvedNatsSettings } from "@hookline/nats/config";

/** Every component `hookline` ships, but `nats`, which is registered lazily (see {@link builtinRegistry}). */
export const BUILTIN_COMPONENTS: readonly ComponentDefinition[] = [...builtinFormatters, ...builtinExporters, ...builtinProcessors] as never[];

/**
 * A registry holding the built-in formatters, exporters (`http`, and `nats` bound to the config's
 * `nats` section, defaults without one) and processors; packages resolve from `resolveFrom`.
 */
export function builtinRegistry(resolveFrom: readonly string[] = [process.cwd()], nats?: ResolvedNatsSettings): ComponentRegistry {
  const registry = createRegistry(BUILTIN_COMPONENTS, { resolveFrom });
  // The NATS client is loaded only by a config that names the exporter.
  registry.registerLazy("exporter", "nats", async () => (await import("./nats/nats-exporter-binding.js")).boundNatsExporter(nats));
  return registry;
}

/** The built-in component types by kind, so that config validation names the valid ones. */
export function builtinComponentTypes(): ComponentTypes {
  const registry = builtinRegistry();
  return { formatter: registry.types("formatter"), exporter: registry.types("exporter"), processor: registry.types("processor") };
}
