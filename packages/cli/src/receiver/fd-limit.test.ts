import { describe, expect, it } from "vitest";
import { defaultMaxConnections, openFileLimit } from "./fd-limit.js";

describe("the receiver's default connection bound", () => {
  it("is half the file limit, between 16 and 4096; 512 when unknown", () => {
    expect(defaultMaxConnections(256)).toBe(128);
    expect(defaultMaxConnections(1024)).toBe(512);
    expect(defaultMaxConnections(20)).toBe(16);
    expect(defaultMaxConnections(1_000_000)).toBe(4096);
    expect(defaultMaxConnections(Number.POSITIVE_INFINITY)).toBe(4096);
    expect(defaultMaxConnections(undefined)).toBe(512);
  });

  it("reads this process's limit on Linux", () => {
    if (process.platform !== "linux") return;
    expect(openFileLimit()).toBeGreaterThan(0);
  });
});
