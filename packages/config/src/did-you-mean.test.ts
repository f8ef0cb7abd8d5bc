import { describe, expect, it } from "vitest";
import { didYouMean } from "./did-you-mean.js";

describe("didYouMean", () => {
  const keys = ["batch_size", "flush_interval", "endpoint", "headers"];

  it("suggests the closest key for a typo", () => {
    expect(didYouMean("batchsize", keys)).toBe("batch_size");
    expect(didYouMean("endpint", keys)).toBe("endpoint");
    expect(didYouMean("Flush-Interval", keys)).toBe("flush_interval");
  });

  it("suggests nothing for an unrelated word", () => {
    expect(didYouMean("model", keys)).toBeUndefined();
  });
});
