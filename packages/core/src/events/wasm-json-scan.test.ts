import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ChunkedBytes } from "./byte-ranges.js";
import { jsonValue, mutate, parses, random } from "./json-fuzz.test-support.js";
import { MAX_SCAN_DEPTH } from "./json-scan.js";
import { readPayloadArray, readPayloadArrayChunks, type PayloadRead } from "./payload-text.js";
import { MAX_WASM_BODY_BYTES, WasmJsonScanner } from "./wasm-json-scan.js";

const ATOMS = ['"a"', '"\\n"', '"\\u00e9"', '"x\\"y"', '"a long string past sixteen bytes, with \\\\ and \\/ in it"', "0", "-1.5e3", "12", "true", "false", "null", "[]", "{}"];
const NAMES = ["id", "status", "model", "response_cost", "messages", "status_fields", "k"];

/** Generated JSON values; member names include fields of the payload schema. */
function value(next: () => number, depth: number): string {
  return jsonValue(next, depth, ATOMS, () => NAMES[Math.floor(next() * NAMES.length)]!);
}

/** The text's latin1 bytes (every character here is below U+0100), cut after every `size` bytes. */
function chunked(text: string, size: number): ChunkedBytes {
  const bytes = Buffer.from(text, "latin1");
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return new ChunkedBytes(chunks);
}

/** A read in plain values: the event's type, text and bytes, or the rejection. */
function summary(reads: PayloadRead[] | { malformed: string }): unknown {
  if ("malformed" in reads) return reads;
  return reads.map((read) => ("event" in read ? { type: read.event.type, json: read.event.json, bytes: read.event.bytes && Buffer.from(read.event.bytes).toString("latin1") } : read));
}

describe("WasmJsonScanner", () => {
  const scanner = new WasmJsonScanner(["id", "status"]);

  it("accepts exactly what JSON.parse accepts, and reads the same as the JavaScript scanner, on 40,000 generated and mutated arrays", () => {
    const next = random(20261123);
    let invalid = 0;
    for (let i = 0; i < 20_000; i++) {
      const valid = `[${value(next, 0)}, ${value(next, 0)}]`;
      const mutated = mutate(valid, next);
      if (!parses(mutated)) invalid++;
      for (const text of [valid, mutated]) {
        const bytes = chunked(text, 1 + (i % 50));
        const isArray = parses(text) && Array.isArray(JSON.parse(text));
        expect(scanner.scanArray(bytes) !== undefined, JSON.stringify(text)).toBe(isArray);
        expect(summary(readPayloadArrayChunks(bytes)), JSON.stringify(text)).toEqual(summary(readPayloadArray(text, Buffer.from(text, "latin1"))));
      }
    }
    expect(invalid).toBeGreaterThan(5_000); // the mutations do exercise the failure paths
  });

  it("follows JSON's grammar at its edges", () => {
    const cases = [
      "01", "1.", ".5", "-", "-0", "1e", "1e+", "1E-7", "+1", "0x10", "Infinity", "NaN",
      '"\u0000"', '"\t"', '"\\x"', '"\\u12"', '"\\u12G4"', '"\\/"', '"\u00e9"', '"\u007f"',
      "[1,]", "[,1]", "{,}", '{"a":1,}', '{"a" 1}', "{a:1}", "{'a':1}", "tru", "nul", "truex", "fals", "falsey",
      '"0123456789abcdef\u0001"', '"0123456789abcdef0123456789\\q"', '"0123456789abcdef0123456789abcdef"', '"unterminated 0123456789abcdef',
    ];
    for (const element of cases) {
      for (const text of [`[${element}]`, `[${element}`, `[1,${element}] `]) {
        expect(scanner.scanArray(chunked(text, 7)) !== undefined, JSON.stringify(text)).toBe(parses(text));
      }
    }
    for (const text of ["", " ", "{}", "[] x", "[]]", "[1] [2]", " [ ] "]) expect(scanner.scanArray(chunked(text, 3)) !== undefined, JSON.stringify(text)).toBe(parses(text) && text.trim().startsWith("["));
  });

  it("stops at the depth cap, as the JavaScript scanner does", () => {
    const within = `[${"[".repeat(MAX_SCAN_DEPTH - 1)}${"]".repeat(MAX_SCAN_DEPTH - 1)}]`;
    const beyond = `[${"[".repeat(MAX_SCAN_DEPTH + 1)}${"]".repeat(MAX_SCAN_DEPTH + 1)}]`;
    expect(scanner.scanArray(chunked(within, 1000))?.count).toBe(1);
    expect(scanner.scanArray(chunked(beyond, 1000))).toBeUndefined();
  });

  it("reports each top-level member whose name is in the table, in order, with its value's place", () => {
    const text = '[{"id":"a", "x":{"id":"inner"}, "status" : "failure","id":7}, {"ids":1,"statuz":2}, 3]';
    const scan = scanner.scanArray(chunked(text, 5))!;
    expect(scan.count).toBe(3);
    const records = Array.from(scan.records.subarray(0, 4 + 3 * 3 + 4 + 4));
    const at = (needle: string, from = 0) => text.indexOf(needle, from);
    expect(records).toEqual([
      at("{"), at("}, {") + 1, 1, 3,
      0, at('"a"'), at('"a"') + 3,
      1, at('"failure"'), at('"failure"') + 9,
      0, at("7"), at("7") + 1,
      at('{"ids'), at("}", at('{"ids')) + 1, 1, 0,
      at("3]"), at("3]") + 1, 0, 0,
    ]);
  });

  it("leaves to the JavaScript scanner a body too large for it, or with more records than twice its size holds", () => {
    const large = `[${'"x",'.repeat(MAX_WASM_BODY_BYTES / 4)}"x"]`;
    expect(scanner.scanArray(chunked(large, 65536))).toBeUndefined();
    const tiny = `[${Array.from({ length: 5000 }, () => '{"id":"a"}').join(",")}]`;
    expect(scanner.scanArray(chunked(tiny, 65536))).toBeUndefined();
    const small = `[${Array.from({ length: 5000 }, (_, i) => `{"id":"${i}","model":"gpt-4o-mini","status":"success"}`).join(",")}]`;
    expect(scanner.scanArray(chunked(small, 65536))?.count).toBe(5000);
  });

  it("is the build of its AssemblyScript source", () => {
    const script = fileURLToPath(new URL("../../scripts/build-wasm.mjs", import.meta.url));
    expect(execFileSync(process.execPath, [script, "--check"], { encoding: "utf8" })).toContain("up to date");
  });
});
