import { createRegistry, type ComponentRegistry } from "@hookline/core";
import { builtinExporters } from "@hookline/exporters";
import { builtinFormatters } from "@hookline/formatters";
import type { ResolvedNatsSettings } from "@hookline/nats";
import { boundNatsExporter } from "./nats/nats-exporter-binding.js";

/**
 * A registry holding the built-in formatters and exporters (`http`, and `nats` bound to the
 * config's `nats` section, defaults without one); packages resolve from `resolveFrom`.
 */
export function builtinRegistry(resolveFrom: readonly string[] = [process.cwd()], nats?: ResolvedNatsSettings): ComponentRegistry {
  return createRegistry([...builtinFormatters, ...builtinExporters, boundNatsExporter(nats)] as never[], { resolveFrom });
}
