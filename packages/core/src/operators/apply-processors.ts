import { Observable, type MonoTypeOperatorFunction } from "rxjs";
import type { Processor } from "../contracts/processor.js";
import type { LogEvent } from "../events/log-event.js";
import { ProcessorChain } from "../pipeline/processor-chain.js";

/** Options of {@link applyProcessors}. */
export interface ApplyProcessorsOptions {
  /** Called for each event a processor dropped (a filter, sampling), with its type. */
  readonly onDropped?: (event: LogEvent, processor: string) => void;
  /**
   * Called for each event a processor threw on, with the reason; the event goes no further.
   * Without it such events are only skipped: give it a way to dead-letter them.
   */
  readonly onFailed?: (event: LogEvent, reason: string, processor: string) => void;
}

/**
 * Runs processors (redaction, masking, field selection, routing filters, sampling, static
 * fields) on each event, in order. An event no processor changes passes on as the same object;
 * a changed one is a new event with the new payload; a dropped one goes no further.
 *
 * Pass a {@link ProcessorChain} to share its work between callbacks: each event is processed
 * once per chain, however many callbacks use it. With no processors this is the identity.
 *
 * @example
 * ```ts
 * events$.pipe(ofEventTypes(["llm_api_success"]), applyProcessors([redactMessages(), mask()]), admit(queue), ...)
 * ```
 */
export function applyProcessors(processors: ProcessorChain | readonly Processor[], options: ApplyProcessorsOptions = {}): MonoTypeOperatorFunction<LogEvent> {
  const chain = processors instanceof ProcessorChain ? processors : new ProcessorChain(processors);
  if (chain.processors.length === 0) return (source) => source;
  return (source) =>
    new Observable<LogEvent>((subscriber) =>
      source.subscribe({
        next(event) {
          const result = chain.run(event);
          if ("payload" in result) subscriber.next(result);
          else if ("dropped" in result) options.onDropped?.(event, result.dropped);
          else options.onFailed?.(event, result.reason, result.failed);
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      }),
    );
}
