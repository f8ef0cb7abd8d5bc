/** Generated and mutated JSON texts for the scanners' differential tests (not built into dist). */

/** Whether `JSON.parse` takes the text. */
export function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Mulberry32: a small seeded generator, so a failure names a reproducible case. */
export function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A generated JSON value of atoms, arrays and objects whose member names are drawn from `names`. */
export function jsonValue(next: () => number, depth: number, atoms: readonly string[], names: (i: number) => string): string {
  const r = next();
  if (depth > 3 || r < 0.5) return atoms[Math.floor(next() * atoms.length)]!;
  const n = Math.floor(next() * 4);
  const ws = (): string => [" ", "", "\n", "\t", "\r\n"][Math.floor(next() * 5)]!;
  if (r < 0.75) return `[${ws()}${Array.from({ length: n }, () => jsonValue(next, depth + 1, atoms, names)).join(`${ws()},${ws()}`)}${ws()}]`;
  return `{${ws()}${Array.from({ length: n }, (_, i) => `"${names(i)}"${ws()}:${ws()}${jsonValue(next, depth + 1, atoms, names)}`).join(",")}${ws()}}`;
}

/** Valid JSON with one character changed, inserted or removed: mostly invalid, sometimes not. */
export function mutate(text: string, next: () => number): string {
  const alphabet = ' \t\n"\\{}[],:0123456789.-+eEtrufalsn\u0001\u00e9xu/';
  const at = Math.floor(next() * (text.length + 1));
  const c = alphabet[Math.floor(next() * alphabet.length)]!;
  const op = next();
  if (op < 0.34) return text.slice(0, at) + c + text.slice(at);
  if (op < 0.67) return text.slice(0, at) + c + text.slice(at + 1);
  return text.slice(0, at) + text.slice(at + 1);
}
