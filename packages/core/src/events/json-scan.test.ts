import { describe, expect, it } from "vitest";
import { isJsonText, MAX_SCAN_DEPTH } from "./json-scan.js";

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Mulberry32: a small seeded generator, so a failure names a reproducible case. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ATOMS = ['"a"', '"\\n"', '"\\u00e9"', '"x\\"y"', "0", "-1.5e3", "12", "true", "false", "null", "[]", "{}"];

function value(next: () => number, depth: number): string {
  const r = next();
  if (depth > 3 || r < 0.5) return ATOMS[Math.floor(next() * ATOMS.length)]!;
  const n = Math.floor(next() * 4);
  const ws = (): string => [" ", "", "\n", "\t", "\r\n"][Math.floor(next() * 5)]!;
  if (r < 0.75) return `[${ws()}${Array.from({ length: n }, () => value(next, depth + 1)).join(`${ws()},${ws()}`)}${ws()}]`;
  return `{${ws()}${Array.from({ length: n }, (_, i) => `"k${i}"${ws()}:${ws()}${value(next, depth + 1)}`).join(",")}${ws()}}`;
}

/** Valid JSON with one character changed, inserted or removed: mostly invalid, sometimes not. */
function mutate(text: string, next: () => number): string {
  const alphabet = ' \t\n"\\{}[],:0123456789.-+eEtrufalsn\u0001\u00e9xu/';
  const at = Math.floor(next() * (text.length + 1));
  const c = alphabet[Math.floor(next() * alphabet.length)]!;
  const op = next();
  if (op < 0.34) return text.slice(0, at) + c + text.slice(at);
  if (op < 0.67) return text.slice(0, at) + c + text.slice(at + 1);
  return text.slice(0, at) + text.slice(at + 1);
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
