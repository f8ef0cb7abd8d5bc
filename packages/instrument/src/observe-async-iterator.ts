/** What {@link observeAsyncIterator} reports. Its methods must not throw (they are guarded anyway). */
export interface ChunkObserver<T> {
  chunk(value: T): void;
  /** The stream ended (`done`), or the consumer stopped early (`return`, `break`). */
  end(early: boolean): void;
  error(error: unknown): void;
}

/**
 * Wraps an async iterator so that an observer sees each chunk, the end and the error, while
 * the consumer gets exactly what the original yields and throws, in the same order. A failing
 * observer is dropped, never felt by the consumer.
 */
export function observeAsyncIterator<T>(inner: AsyncIterator<T>, observer: ChunkObserver<T>, onError: (error: unknown) => void): AsyncIterableIterator<T> {
  let active = true;
  const guard = (fn: () => void): void => {
    if (!active) return;
    try {
      fn();
    } catch (err) {
      active = false;
      onError(err);
    }
  };
  const settle = (result: IteratorResult<T>): IteratorResult<T> => {
    if (result.done) {
      guard(() => observer.end(false));
      active = false;
    } else guard(() => observer.chunk(result.value));
    return result;
  };
  const fail = (error: unknown): never => {
    guard(() => observer.error(error));
    active = false;
    throw error;
  };
  const wrapped: AsyncIterableIterator<T> = {
    next: (...args: [] | [unknown]) => inner.next(...args).then(settle, fail),
    [Symbol.asyncIterator]() {
      return wrapped;
    },
  };
  if (inner.return !== undefined) {
    const innerReturn = inner.return.bind(inner);
    wrapped.return = (value?: unknown) => {
      guard(() => observer.end(true));
      active = false;
      return innerReturn(value as T);
    };
  }
  if (inner.throw !== undefined) {
    const innerThrow = inner.throw.bind(inner);
    wrapped.throw = (error?: unknown) => {
      guard(() => observer.error(error));
      active = false;
      return innerThrow(error);
    };
  }
  return wrapped;
}
