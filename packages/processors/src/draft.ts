/**
 * Copy-on-write edits of one object: the first change makes a shallow copy, later ones change
 * that copy; `result` is the original object when nothing changed. Processors must not modify
 * their input, and an unchanged payload must stay the very same object.
 */
export class Draft<T extends Record<string, unknown>> {
  readonly #base: T;
  #copy: T | undefined;

  constructor(base: T) {
    this.#base = base;
  }

  /** The value of `key` as it stands now (after earlier edits). */
  get(key: string): unknown {
    return (this.#copy ?? this.#base)[key];
  }

  /** Sets `key`; a no-op when it already holds that very value. */
  set(key: string, value: unknown): void {
    const current = this.#copy ?? this.#base;
    if (Object.hasOwn(current, key) && current[key] === value) return;
    this.#copy ??= { ...this.#base };
    (this.#copy as Record<string, unknown>)[key] = value;
  }

  /** Removes `key`; a no-op when it is absent. */
  delete(key: string): void {
    if (!Object.hasOwn(this.#copy ?? this.#base, key)) return;
    this.#copy ??= { ...this.#base };
    delete (this.#copy as Record<string, unknown>)[key];
  }

  /** The original object when nothing changed, else the edited copy. */
  get result(): T {
    return this.#copy ?? this.#base;
  }
}

/** Maps an array copy-on-write: the original array when `map` returned every element as it was. */
export function mapArray<T>(items: readonly T[], map: (item: T) => T): readonly T[] {
  let copy: T[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as T;
    const next = map(item);
    if (next !== item) (copy ??= items.slice())[i] = next;
  }
  return copy ?? items;
}
