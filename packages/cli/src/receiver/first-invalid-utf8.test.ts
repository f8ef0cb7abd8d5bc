import { isUtf8 } from "node:buffer";
import { describe, expect, it } from "vitest";
import { firstInvalidUtf8 } from "./first-invalid-utf8.js";

const bytes = (...b: number[]) => Uint8Array.from(b);

describe("firstInvalidUtf8", () => {
  it("is -1 for valid UTF-8, ASCII to four-byte sequences", () => {
    expect(firstInvalidUtf8(Buffer.from("a café 🙂 € ߿ 𐀀"))).toBe(-1);
    expect(firstInvalidUtf8(bytes())).toBe(-1);
  });

  it("finds stray continuations, truncations, overlongs, surrogates and code points past U+10FFFF", () => {
    expect(firstInvalidUtf8(bytes(0x61, 0x80))).toBe(1);
    expect(firstInvalidUtf8(bytes(0x61, 0xc3))).toBe(1);
    expect(firstInvalidUtf8(bytes(0xc0, 0x80))).toBe(0);
    expect(firstInvalidUtf8(bytes(0xe0, 0x80, 0x80))).toBe(0);
    expect(firstInvalidUtf8(bytes(0xed, 0xa0, 0x80))).toBe(0);
    expect(firstInvalidUtf8(bytes(0xf4, 0x90, 0x80, 0x80))).toBe(0);
    expect(firstInvalidUtf8(bytes(0x41, 0xe2, 0x82, 0x41))).toBe(1);
    expect(firstInvalidUtf8(bytes(0xff))).toBe(0);
  });

  it("agrees with Buffer.isUtf8 on random bytes", () => {
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed);
    for (let n = 0; n < 3000; n++) {
      const sample = Uint8Array.from({ length: next() % 12 }, () => (next() % 4 === 0 ? next() % 256 : 0x80 + (next() % 0x80)));
      expect(firstInvalidUtf8(sample) === -1, Buffer.from(sample).toString("hex")).toBe(isUtf8(sample));
    }
  });
});
