/** How far back from a callback's latest attempt its health looks, in ms. */
export const HEALTH_WINDOW_MS = 60_000;

/** Attempts remembered; more than a window holds at any sane request rate while failing. */
const CAPACITY = 64;

/**
 * A callback's recent export attempts, for its health: it is unhealthy when every attempt in
 * the {@link HEALTH_WINDOW_MS} before its latest one failed, whatever the kind of failure (a
 * 401 on every request is as unhealthy as an outage).
 *
 * The window ends at the latest attempt, not at "now": with sparse traffic (one batch a minute)
 * the last known state holds instead of turning healthy for want of evidence, and a burst that
 * mixes failures with successes (bisecting a poison event) is judged as a whole. One success
 * makes the callback healthy again at once. A ring of the last {@link CAPACITY} attempts.
 */
export class RecentAttempts {
  readonly #at = new Float64Array(CAPACITY);
  readonly #ok = new Uint8Array(CAPACITY);
  #count = 0;
  #next = 0;

  /** Records one attempt's outcome at time `now` (ms). */
  record(ok: boolean, now: number): void {
    this.#at[this.#next] = now;
    this.#ok[this.#next] = ok ? 1 : 0;
    this.#next = (this.#next + 1) % CAPACITY;
    if (this.#count < CAPACITY) this.#count += 1;
  }

  /** True when there was at least one attempt and every one in the window before the latest failed. */
  get allFailing(): boolean {
    if (this.#count === 0) return false;
    const latest = this.#at[(this.#next - 1 + CAPACITY) % CAPACITY]!;
    for (let i = 1; i <= this.#count; i++) {
      const slot = (this.#next - i + CAPACITY) % CAPACITY;
      if (latest - this.#at[slot]! > HEALTH_WINDOW_MS) break;
      if (this.#ok[slot] === 1) return false;
    }
    return true;
  }
}
