/** The processors the processor variants add to the plain branch, made through a registry as a config would. */
import { createRegistry, type Processor } from "@hookline/core";
import { builtinProcessors } from "@hookline/processors";

export type BenchProcessor = "redact" | "mask";

/**
 * `redact`: `redact_messages` (LiteLLM's `turn_off_message_logging`); `mask`: `mask` with its
 * built-in detectors (e-mail addresses, API keys, bearer tokens, JWTs, card and phone numbers).
 */
export async function benchProcessor(name: BenchProcessor): Promise<Processor> {
  const registry = createRegistry([...builtinProcessors]);
  return registry.processor(name === "redact" ? "redact_messages" : "mask", {}, { callbackName: "bench" });
}
