/**
 * Reusable memory for large request bodies.
 *
 * A relay builds one body per batch and callback by copying events' bytes into a new Buffer.
 * Buffers live outside V8's heap, and V8 answers a fast growth of such memory with full
 * mark-compact collections, whatever the size of the heap: a relay fanning bodies of a few
 * hundred KB out to three callbacks spent more CPU in those collections than in its own code.
 * Bodies taken from this pool and handed back once their request is over make no new outside
 * memory, so those collections mostly stop.
 *
 * A body is handed back only by the code that knows nobody reads it any more (the sender, once
 * the exporter's promise has settled on the batch's last attempt and no earlier attempt was
 * abandoned to a timeout or an abort). A body never handed back is simply collected: the pool
 * keeps no strong reference to what it lent.
 *
 * It stays because it pays end to end: `hookline run` with `HOOKLINE_BODY_POOL=off` took 1.30×
 * and 1.44× the relay CPU per input event in two runs of 5 (1.27× in a third of 3) (an A/A run of the relay against
 * itself gave 0.91× and 1.02×) and made 9–29 full collections per 50,000 events against 4–11
 * (bench/README.md, "Mechanisms on and off").
 */

/** Bodies smaller than this are allocated as usual (Node's own pool covers the smallest). */
export const POOLED_MIN_BYTES = 16 * 1024;
/** Bodies larger than this are allocated as usual: keeping them would hold too much memory. */
export const POOLED_MAX_BYTES = 8 * 1024 * 1024;
/** Free buffers kept per size class. */
const FREE_PER_CLASS = 16;

/** `HOOKLINE_BODY_POOL=off`: every body is a new Buffer (bench/ compares the two). */
const POOL_OFF = process.env["HOOKLINE_BODY_POOL"] === "off";

/** Size class of a body: the power of two that holds it. */
function sizeClass(size: number): number {
  return Math.max(14, 32 - Math.clz32(size - 1));
}

export class BodyPool {
  /** Free buffers by size class; every buffer of class `c` has exactly `2 ** c` bytes. */
  readonly #free = new Map<number, ArrayBuffer[]>();
  /** The memory of bodies lent and not handed back yet. */
  readonly #lent = new WeakSet<ArrayBuffer>();

  /** A Buffer of exactly `size` bytes, with arbitrary content; pooled memory when it fits. */
  acquire(size: number): Buffer {
    if (size < POOLED_MIN_BYTES || size > POOLED_MAX_BYTES || POOL_OFF) return Buffer.allocUnsafe(size);
    const cls = sizeClass(size);
    const memory = this.#free.get(cls)?.pop() ?? new ArrayBuffer(2 ** cls);
    this.#lent.add(memory);
    return Buffer.from(memory, 0, size);
  }

  /**
   * Hands a body back for reuse. Anything that did not come from {@link acquire}, or was handed
   * back already, is ignored. The caller must be sure nothing reads `body` any more.
   */
  release(body: string | Uint8Array): void {
    if (typeof body === "string") return;
    const memory = body.buffer;
    if (!(memory instanceof ArrayBuffer) || !this.#lent.has(memory)) return;
    this.#lent.delete(memory);
    const cls = sizeClass(memory.byteLength);
    const free = this.#free.get(cls) ?? [];
    if (free.length >= FREE_PER_CLASS) return;
    free.push(memory);
    this.#free.set(cls, free);
  }

  /** Free buffers held, in bytes (for tests and metrics). */
  get freeBytes(): number {
    let bytes = 0;
    for (const list of this.#free.values()) for (const memory of list) bytes += memory.byteLength;
    return bytes;
  }
}

/** The pool `joinEventJson` takes bodies from. */
export const bodyPool = new BodyPool();
