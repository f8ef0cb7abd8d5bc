/** Options of {@link waitFor}. */
export interface WaitForOptions {
  /** Gives up after this long. @default 5000 */
  readonly timeoutMs?: number;
  /** Time between checks. @default 5 */
  readonly intervalMs?: number;
  /** Describes what was awaited, for the timeout message (a function is called at timeout). */
  readonly what?: string | (() => string);
}

/**
 * Polls `condition` until it returns a truthy value (which is returned), in a bounded loop: it
 * throws once `timeoutMs` has passed. A condition may be async; an exception it throws is kept
 * and reported if the wait times out.
 */
export async function waitFor<T>(condition: () => T | Promise<T>, options: WaitForOptions = {}): Promise<NonNullable<T>> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const intervalMs = options.intervalMs ?? 5;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const detail = lastError instanceof Error ? `: ${lastError.message}` : "";
      const what = typeof options.what === "function" ? options.what() : options.what;
      throw new Error(`waitFor timed out after ${timeoutMs} ms${what ? ` waiting for ${what}` : ""}${detail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Races `promise` against a timeout, so an awaited signal can never hang a test. */
export async function within<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A promise with its resolver, for explicit signals between a test and a server. */
export interface Gate {
  readonly promise: Promise<void>;
  readonly released: boolean;
  release(): void;
}

/** Creates a closed {@link Gate}. */
export function createGate(): Gate {
  let resolve!: () => void;
  let released = false;
  const promise = new Promise<void>((r) => (resolve = r));
  return {
    promise,
    get released() {
      return released;
    },
    release() {
      released = true;
      resolve();
    },
  };
}
