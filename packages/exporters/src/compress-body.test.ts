import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { compressBody } from "./compress-body.js";

const body = `[${Array.from({ length: 200 }, (_, i) => `{"id":"chatcmpl-${i}","model":"gpt-4o","messages":"héllo 👋"}`).join(",")}]`;

describe("compressBody", () => {
  it("returns the body unchanged for none", async () => {
    expect(await compressBody(body, "none")).toBe(body);
    const bytes = new Uint8Array([1, 2, 3]);
    expect(await compressBody(bytes, "none")).toBe(bytes);
  });

  it.each([
    ["gzip", gunzipSync],
    ["deflate", inflateSync],
    ["br", brotliDecompressSync],
  ] as const)("compresses with %s so that the body round-trips exactly and shrinks", async (compression, decompress) => {
    const compressed = await compressBody(body, compression);
    expect(compressed).toBeInstanceOf(Uint8Array);
    expect(decompress(compressed as Uint8Array).toString("utf8")).toBe(body);
    expect((compressed as Uint8Array).byteLength).toBeLessThan(Buffer.byteLength(body) / 5);
  });

  it("compresses Uint8Array bodies too", async () => {
    const bytes = Buffer.from(body);
    expect(gunzipSync(await compressBody(bytes, "gzip")).equals(bytes)).toBe(true);
  });
});
