/** Settings of {@link backoffDelay}. */
export interface BackoffSettings {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * Delay before retry number `retry` (1-based): exponential from `initialDelayMs`, capped at
 * `maxDelayMs`, with "equal jitter" (half fixed, half random) so that callbacks that failed
 * together do not retry together, while a retry never comes back almost at once.
 */
export function backoffDelay(retry: number, settings: BackoffSettings, random: () => number = Math.random): number {
  const exponential = settings.initialDelayMs * 2 ** Math.max(0, retry - 1);
  const capped = Math.min(settings.maxDelayMs, exponential);
  return Math.round(capped / 2 + random() * (capped / 2));
}
