import { describe, expect, it } from "vitest";
import { jsonValue, mutate, parses, random } from "./json-fuzz.test-support.js";
import { isJsonText, MAX_SCAN_DEPTH } from "./json-scan.js";

const ATOMS = ['"a"', '"\\n"', '"\\u00e9"', '"x\\"y"', "0", "-1.5e3", "12", "true", "false", "null", "[]", "{}"];

function value(next: () => number, depth: number): string {
  return jsonValue(next, depth, ATOMS, (i) => `k${i}`);
}

describe("isJsonText", () => {
  it("accepts exactly what JSON.parse accepts, on 40,000 generated and mutated texts", () => {
    const next = random(20261122);
    let invalid = 0;
    for (let i = 0; i < 20_000; i++) {
      const valid = value(next, 0);
      expect(isJsonText(valid), valid).toBe(true);
      const mutated = mutate(valid, next);
      if (!parses(mutated)) invalid++;
      expect(isJsonText(mutated), JSON.stringify(mutated)).toBe(parses(mutated));
    }
    expect(invalid).toBeGreaterThan(5_000); // the mutations do exercise the failure paths
  });

  it("follows JSON's grammar at its edges", () => {
    const cases = [
      "01", "1.", ".5", "-", "-0", "1e", "1e+", "1E-7", "+1", "0x10", "Infinity", "NaN",
      '"\u0000"', '"\t"', '"\\x"', '"\\u12"', '"\\u12G4"', '"\\/"', '"\ud800"', '"\u2028"',
      "[1,]", "[,1]", "{,}", '{"a":1,}', '{"a" 1}', "{a:1}", "{'a':1}", "tru", "nul", "truex",
      "\ufeff{}", " {} ", "{}{}", "[] x", "",
    ];
    for (const text of cases) expect(isJsonText(text), JSON.stringify(text)).toBe(parses(text));
  });

  it("stops at the depth cap instead of overflowing the stack", () => {
    const deep = "[".repeat(MAX_SCAN_DEPTH + 1) + "]".repeat(MAX_SCAN_DEPTH + 1);
    expect(parses(deep)).toBe(true);
    expect(isJsonText(deep)).toBe(false);
    expect(isJsonText("[".repeat(MAX_SCAN_DEPTH) + "]".repeat(MAX_SCAN_DEPTH))).toBe(true);
  });
});
