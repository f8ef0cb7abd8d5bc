/** Settings of {@link backoffDelay}. */
export interface BackoffSettings {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

/** Growth of the delay per consecutive failure (the OpenTelemetry Collector's default too). */
export const BACKOFF_MULTIPLIER = 1.5;

/**
 * Delay before retry number `retry` (1-based): exponential from `initialDelayMs` by
 * {@link BACKOFF_MULTIPLIER}, capped at `maxDelayMs`, with "equal jitter" (half fixed, half
 * random) so that callbacks that failed together do not retry together, while a retry never
 * comes back almost at once. A gentle multiplier suits hookline's single probe per callback: a
 * failing endpoint sees one request per delay, and a recovered one is not left idle for long.
 */
export function backoffDelay(retry: number, settings: BackoffSettings, random: () => number = Math.random): number {
  const exponential = settings.initialDelayMs * BACKOFF_MULTIPLIER ** Math.max(0, retry - 1);
  const capped = Math.min(settings.maxDelayMs, exponential);
  return Math.round(capped / 2 + random() * (capped / 2));
}
