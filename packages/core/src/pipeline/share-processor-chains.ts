import type { Processor } from "../contracts/processor.js";
import type { CallbackOptions } from "./callback-options.js";
import { ProcessorChain } from "./processor-chain.js";

/**
 * Gives callbacks whose processors are the same instances, in the same order, one shared
 * {@link ProcessorChain}, so each event is processed (and a changed one serialized) once for
 * all of them. Callbacks that already pass a chain keep it.
 */
export function shareProcessorChains(callbacks: readonly CallbackOptions[]): CallbackOptions[] {
  const chains: ProcessorChain[] = [];
  const same = (a: readonly Processor[], b: readonly Processor[]): boolean => a.length === b.length && a.every((p, i) => p === b[i]);
  return callbacks.map((callback) => {
    const processors = callback.processors;
    if (processors === undefined || processors instanceof ProcessorChain || processors.length === 0) return callback;
    let chain = chains.find((c) => same(c.processors, processors));
    if (chain === undefined) chains.push((chain = new ProcessorChain(processors)));
    return { ...callback, processors: chain };
  });
}
