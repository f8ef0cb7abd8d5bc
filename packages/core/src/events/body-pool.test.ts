import { describe, expect, it } from "vitest";
import { BodyPool, POOLED_MAX_BYTES, POOLED_MIN_BYTES } from "./body-pool.js";

describe("BodyPool", () => {
  it("reuses the memory of a large body handed back, for a body of the same size class", () => {
    const pool = new BodyPool();
    const first = pool.acquire(200_000);
    expect(first.byteLength).toBe(200_000);
    first.fill(7);
    pool.release(first);
    expect(pool.freeBytes).toBe(262_144);
    const second = pool.acquire(150_000);
    expect(second.buffer).toBe(first.buffer);
    expect(second.byteLength).toBe(150_000);
    expect(pool.freeBytes).toBe(0);
    // Another size class gets memory of its own.
    expect(pool.acquire(600_000).buffer).not.toBe(first.buffer);
  });

  it("lends fresh memory while a body is out, and ignores a second hand-back", () => {
    const pool = new BodyPool();
    const a = pool.acquire(100_000);
    const b = pool.acquire(100_000);
    expect(b.buffer).not.toBe(a.buffer);
    pool.release(a);
    pool.release(a);
    expect(pool.freeBytes).toBe(131_072);
    expect(pool.acquire(100_000).buffer).toBe(a.buffer);
    expect(pool.acquire(100_000).buffer).not.toBe(a.buffer);
  });

  it("does not pool small or huge bodies, nor keep memory it did not lend", () => {
    const pool = new BodyPool();
    pool.release(pool.acquire(POOLED_MIN_BYTES - 1));
    pool.release(pool.acquire(POOLED_MAX_BYTES + 1));
    pool.release(Buffer.alloc(100_000));
    pool.release("a string body");
    expect(pool.freeBytes).toBe(0);
  });

  it("keeps at most 16 free buffers per size class", () => {
    const pool = new BodyPool();
    const bodies = Array.from({ length: 20 }, () => pool.acquire(40_000));
    for (const body of bodies) pool.release(body);
    expect(pool.freeBytes).toBe(16 * 65_536);
  });
});
