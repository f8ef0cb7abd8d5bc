import { describe, expect, it } from "vitest";
import { loopProblem, MAX_HOPS, newInstanceId, readVia } from "./hop-header.js";

describe("X-Hookline-Via", () => {
  it("reads ids, joining repeated headers and skipping malformed items", () => {
    expect(readVia(undefined)).toEqual([]);
    expect(readVia(" a1 , b2,,bad id,c_3")).toEqual(["a1", "b2", "c_3"]);
    expect(readVia(["a1", "b2"])).toEqual(["a1", "b2"]);
  });

  it("a list with this instance, or at the hop bound, is a loop", () => {
    expect(loopProblem(["x", "me"], "me")).toMatch(/already passed through this hookline \(instance me; via x,me\)/);
    expect(loopProblem(Array.from({ length: MAX_HOPS - 1 }, (_, i) => `h${i}`), "me")).toBeUndefined();
    expect(loopProblem(Array.from({ length: MAX_HOPS }, (_, i) => `h${i}`), "me")).toMatch(/passed through 10 hookline instances/);
    expect(loopProblem([], "me")).toBeUndefined();
  });

  it("instance ids are random and valid in the header", () => {
    const a = newInstanceId();
    expect(a).toMatch(/^[0-9a-f]{12}$/);
    expect(newInstanceId()).not.toBe(a);
    expect(readVia(a)).toEqual([a]);
  });
});
