/**
 * The bytes a text was decoded from, read by ranges. A `Uint8Array` is one; {@link ChunkedBytes}
 * is a body kept in the chunks it arrived in, so a receiver does not copy them into one buffer.
 */
export interface ByteRanges {
  readonly byteLength: number;
  /** Bytes [start, end); may share memory with the whole. */
  subarray(start: number, end: number): Uint8Array;
}

/**
 * Chunks read as one run of bytes. A range within one chunk is a view into it; a range across
 * chunks is copied into a buffer of its own. Ranges asked for in order are found in constant
 * time.
 *
 * @example
 * ```ts
 * const bytes = new ChunkedBytes([Buffer.from("[{"), Buffer.from('"a":1}]')]);
 * bytes.subarray(1, 8).toString() // '{"a":1}' (copied: it spans both chunks)
 * ```
 */
export class ChunkedBytes implements ByteRanges {
  readonly byteLength: number;
  readonly #chunks: readonly Buffer[];
  /** Offset of each chunk's first byte in the whole. */
  readonly #starts: number[];
  #last = 0;

  constructor(chunks: readonly Buffer[]) {
    this.#chunks = chunks;
    this.#starts = [];
    let offset = 0;
    for (const chunk of chunks) {
      this.#starts.push(offset);
      offset += chunk.length;
    }
    this.byteLength = offset;
  }

  /** The chunks, in order. */
  get chunks(): readonly Buffer[] {
    return this.#chunks;
  }

  subarray(start: number, end: number): Buffer {
    const first = this.#chunkAt(start);
    const base = this.#starts[first]!;
    const chunk = this.#chunks[first]!;
    if (end - base <= chunk.length) return chunk.subarray(start - base, end - base);
    const copy = Buffer.allocUnsafe(end - start);
    let written = 0;
    for (let i = first; written < copy.length; i++) {
      const from = i === first ? start - base : 0;
      written += this.#chunks[i]!.copy(copy, written, from, Math.min(this.#chunks[i]!.length, from + copy.length - written));
    }
    return copy;
  }

  /**
   * Bytes [start, end) decoded as latin1 (the text itself, for ASCII bytes), as one flat string:
   * a range across chunks is copied into a scratch buffer first, since a concatenation of
   * strings would make a rope that V8's string reads are slower on.
   */
  latin1(start: number, end: number): string {
    const first = this.#chunkAt(start);
    const base = this.#starts[first]!;
    const chunk = this.#chunks[first]!;
    if (end - base <= chunk.length) return chunk.toString("latin1", start - base, end - base);
    const size = end - start;
    const into = size <= MAX_SCRATCH_BYTES ? scratchOf(size) : Buffer.allocUnsafe(size);
    let written = 0;
    for (let i = first; written < size; i++) {
      const from = i === first ? start - base : 0;
      written += this.#chunks[i]!.copy(into, written, from, Math.min(this.#chunks[i]!.length, from + size - written));
    }
    return into.toString("latin1", 0, size);
  }

  /** Index of the chunk holding byte `offset`. */
  #chunkAt(offset: number): number {
    let i = this.#starts[this.#last]! <= offset ? this.#last : 0;
    while (i + 1 < this.#starts.length && this.#starts[i + 1]! <= offset) i++;
    this.#last = i;
    return i;
  }
}

/** Ranges up to this size are decoded through one reused buffer; larger ones get their own. */
const MAX_SCRATCH_BYTES = 1024 * 1024;
let scratch = Buffer.allocUnsafe(0);

function scratchOf(size: number): Buffer {
  if (scratch.length < size) scratch = Buffer.allocUnsafe(Math.min(MAX_SCRATCH_BYTES, 2 ** Math.ceil(Math.log2(size))));
  return scratch;
}
