// node:timers' own setInterval, not the global: an application's fake timers must neither
// capture this handle (it would then keep nothing alive) nor loop on it in runAllTimers().
import { clearInterval, setInterval } from "node:timers";

/** Longer than any wait: the interval never fires, it only holds the event loop open. */
const FOREVER_MS = 2 ** 31 - 1;

function noop(): void {}

/**
 * Keeps the Node.js process alive while promises it holds are outstanding.
 *
 * The sender's retry timers are `unref()`ed so that an idle pipeline never keeps a process
 * running. But while a caller awaits `flush()` or `shutdown()`, a pending retry is the only
 * thing left to do, and with nothing ref'd Node would exit before the promise settles (status
 * 13 for an ESM top-level await, 0 for CommonJS), losing every queued event. So while at least
 * one held promise is outstanding, one ref'd handle exists; it is cleared when the last settles.
 */
export class KeepAlive {
  #outstanding = 0;
  #handle: ReturnType<typeof setInterval> | undefined;

  /** True while a held promise is outstanding. */
  get active(): boolean {
    return this.#handle !== undefined;
  }

  /** Returns `promise`, holding the process open until it settles. */
  hold<T>(promise: Promise<T>): Promise<T> {
    if (this.#outstanding++ === 0) this.#handle = setInterval(noop, FOREVER_MS);
    const release = (): void => {
      if (--this.#outstanding > 0) return;
      clearInterval(this.#handle);
      this.#handle = undefined;
    };
    return promise.finally(release);
  }
}
