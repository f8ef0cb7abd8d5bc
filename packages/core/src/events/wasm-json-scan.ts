import type { ChunkedBytes } from "./byte-ranges.js";
import { jsonScanWasm } from "./json-scan-wasm.generated.js";

/**
 * The receiver's JSON scanner in WebAssembly (source: assembly/json-scan.ts). It checks the same
 * grammar as the JavaScript scanner (json-scan.ts) about three times as fast on LiteLLM's
 * payloads, because it skips strings 16 bytes at a time and never crosses between JavaScript
 * and native code per token. It reads bytes, so it serves ASCII bodies only; whatever it does
 * not accept, the JavaScript scanner reads again, which words the error.
 *
 * Set `HOOKLINE_SCANNER=js` to use the JavaScript scanner alone (to compare them, or where
 * WebAssembly SIMD is missing, which is also detected).
 *
 * It stays because it pays end to end: `hookline run` with `HOOKLINE_SCANNER=js` took 1.17× the
 * relay CPU per input event in one run of 5 (1.06× in a second, on a busier machine, 1.68× in a third of 3 on a quieter one; 9 of the 10
 * per-run ratios above 1.00 and the tenth at it, where an A/A run of the relay against itself
 * gave 0.91× and 1.02×), and reading a 100-event body costs 3.3–5.4 µs per event here against
 * 10–14 µs in JavaScript (bench/README.md, "Mechanisms on and off").
 */

/** Element flags in a record (assembly/json-scan.ts). */
export const IS_OBJECT = 1;
export const LINE_BREAK = 2;
export const ESCAPED_KEY = 4;

/** What one scan found: `count` element records in `records` from index 0; the body's bytes in `body`. */
export interface WasmScan {
  readonly count: number;
  readonly records: Int32Array;
  readonly body: Uint8Array;
}

/**
 * Larger bodies are read by the JavaScript scanner: WebAssembly memory never shrinks, and a body
 * takes three times its size in it (the body and room for the records), so this bounds what
 * the scanner keeps: 24 MB.
 */
export const MAX_WASM_BODY_BYTES = 8 * 1024 * 1024;

const PAGE = 65536;
/** The field table takes the first 64 KB of memory; bodies start after it. */
const INPUT = PAGE;
const SLOTS = 64 * 128;

/** The little of the WebAssembly API used here (the TypeScript libs for Node 20 do not declare it). */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
};

interface Exports {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  setup(input: number, table: number): void;
  scanArray(length: number, outAt: number, outBytes: number): number;
}

export class WasmJsonScanner {
  readonly #exports: Exports;

  /** `fieldNames`: the names whose top-level members are reported, by index (ASCII, at most 63 characters). */
  constructor(fieldNames: readonly string[]) {
    const module = new WebAssembly.Module(Buffer.from(jsonScanWasm, "base64"));
    this.#exports = new WebAssembly.Instance(module, {}).exports as unknown as Exports;
    this.#reserve(INPUT);
    writeFieldTable(this.#exports.memory.buffer, fieldNames);
    this.#exports.setup(INPUT, 0);
  }

  /**
   * Scans the JSON array in `bytes` (ASCII). Undefined when this scanner does not read it: a
   * body over {@link MAX_WASM_BODY_BYTES}, not JSON, nested beyond the depth cap, or with more
   * records than twice its size holds (only arrays of tiny elements have that many).
   */
  scanArray(bytes: ChunkedBytes): WasmScan | undefined {
    const length = bytes.byteLength;
    if (length > MAX_WASM_BODY_BYTES) return undefined;
    const outAt = INPUT + align(length);
    // An element writes 16 bytes and a known member 12: a LiteLLM payload's records take about a
    // fifth of its size.
    const outBytes = Math.max(PAGE, 2 * length);
    this.#reserve(outAt + outBytes);
    const memory = new Uint8Array(this.#exports.memory.buffer);
    let at = INPUT;
    for (const chunk of bytes.chunks) {
      memory.set(chunk, at);
      at += chunk.length;
    }
    const count = this.#exports.scanArray(length, outAt, outBytes);
    if (count < 0) return undefined;
    const buffer = this.#exports.memory.buffer;
    return { count, records: new Int32Array(buffer, outAt, outBytes >> 2), body: new Uint8Array(buffer, INPUT, length) };
  }

  /** Grows memory to at least `bytes`. */
  #reserve(bytes: number): void {
    const memory = this.#exports.memory;
    const pages = Math.ceil(bytes / PAGE) - memory.buffer.byteLength / PAGE;
    if (pages > 0) memory.grow(pages);
  }
}

function align(n: number): number {
  return (n + 7) & ~7;
}

/** Lays out the field table assembly/json-scan.ts reads, from offset 0 (see `table` there). */
function writeFieldTable(memory: ArrayBuffer, names: readonly string[]): void {
  const view = new DataView(memory);
  const bytes = new Uint8Array(memory);
  let at = SLOTS * 4;
  const nameAt: number[] = [];
  for (const name of names) {
    if (name.length === 0 || name.length > 63 || !/^[\x20-\x7e]*$/.test(name)) throw new Error(`field name ${JSON.stringify(name)} cannot be in the scanner's table`);
    nameAt.push(at);
    bytes.set(Buffer.from(name, "latin1"), at);
    at += name.length;
  }
  const buckets = new Map<number, number[]>();
  names.forEach((name, i) => {
    const slot = (name.length << 7) | name.charCodeAt(0);
    buckets.set(slot, [...(buckets.get(slot) ?? []), i]);
  });
  at = align(at);
  for (const [slot, fields] of buckets) {
    view.setInt32(slot * 4, at, true);
    view.setInt32(at, fields.length, true);
    fields.forEach((field, k) => {
      view.setInt32(at + 4 + k * 8, field, true);
      view.setInt32(at + 8 + k * 8, nameAt[field]!, true);
    });
    at += 4 + fields.length * 8;
  }
  if (at > INPUT) throw new Error("the scanner's field table does not fit in its 64 KB");
}

let scanner: WasmJsonScanner | null | undefined;

/** The shared scanner for `fieldNames`, made on first use; null when WebAssembly (with SIMD) cannot run it or `HOOKLINE_SCANNER=js`. */
export function wasmJsonScanner(fieldNames: readonly string[]): WasmJsonScanner | null {
  if (scanner === undefined) {
    try {
      scanner = process.env["HOOKLINE_SCANNER"] === "js" ? null : new WasmJsonScanner(fieldNames);
    } catch {
      scanner = null;
    }
  }
  return scanner;
}
