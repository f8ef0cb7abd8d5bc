/**
 * A double-ended queue on a ring buffer: `push`, `shift` and `unshift` in constant time.
 *
 * The sender's queue can hold tens of thousands of batches (one per event with `single`, behind
 * a slow endpoint), and `Array.prototype.shift` moves every remaining element once an array is
 * that long: taking each batch off the front cost time in proportion to the queue's length.
 */
export class Deque<T> {
  #items: (T | undefined)[];
  #head = 0;
  #length = 0;

  constructor(capacity = 16) {
    this.#items = new Array<T | undefined>(Math.max(4, capacity)).fill(undefined);
  }

  get length(): number {
    return this.#length;
  }

  /** Adds an item at the back. */
  push(item: T): void {
    if (this.#length === this.#items.length) this.#grow();
    this.#items[(this.#head + this.#length) % this.#items.length] = item;
    this.#length += 1;
  }

  /** Adds an item at the front. */
  unshift(item: T): void {
    if (this.#length === this.#items.length) this.#grow();
    this.#head = (this.#head - 1 + this.#items.length) % this.#items.length;
    this.#items[this.#head] = item;
    this.#length += 1;
  }

  /** The item at the front, left in place; undefined when empty. */
  peek(): T | undefined {
    return this.#length === 0 ? undefined : this.#items[this.#head];
  }

  /** Takes the item at the front; undefined when empty. */
  shift(): T | undefined {
    if (this.#length === 0) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head] = undefined;
    this.#head = (this.#head + 1) % this.#items.length;
    this.#length -= 1;
    return item;
  }

  /** Takes every item, front to back, leaving the queue empty. */
  drain(): T[] {
    const out: T[] = [];
    while (this.#length > 0) out.push(this.shift() as T);
    return out;
  }

  #grow(): void {
    const items = new Array<T | undefined>(this.#items.length * 2).fill(undefined);
    for (let i = 0; i < this.#length; i++) items[i] = this.#items[(this.#head + i) % this.#items.length];
    this.#items = items;
    this.#head = 0;
  }
}
