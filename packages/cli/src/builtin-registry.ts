import { createRegistry, type ComponentRegistry } from "@hookline/core";
import { builtinExporters } from "@hookline/exporters";
import { builtinFormatters } from "@hookline/formatters";
import type { ResolvedNatsSettings } from "@hookline/nats/config";

/**
 * A registry holding the built-in formatters and exporters (`http`, and `nats` bound to the
 * config's `nats` section, defaults without one); packages resolve from `resolveFrom`.
 */
export function builtinRegistry(resolveFrom: readonly string[] = [process.cwd()], nats?: ResolvedNatsSettings): ComponentRegistry {
  const registry = createRegistry([...builtinFormatters, ...builtinExporters] as never[], { resolveFrom });
  // The NATS client is loaded only by a config that names the exporter.
  registry.registerLazy("exporter", "nats", async () => (await import("./nats/nats-exporter-binding.js")).boundNatsExporter(nats));
  return registry;
}
