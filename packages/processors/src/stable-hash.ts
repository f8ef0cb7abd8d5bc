/**
 * A stable hash of `text` as a number in [0, 1): FNV-1a (32 bits) of its UTF-8 bytes, then
 * MurmurHash3's 32-bit finalizer, divided by 2^32. The same text gives the same number in every
 * process (and in any language that does the same). The finalizer is there because FNV-1a alone
 * spreads ids that differ only in their last characters (`chatcmpl-1`, `chatcmpl-2`) unevenly
 * over [0, 1): up to 9 standard deviations off in tests, which would skew a sample.
 */
export function stableHash(text: string): number {
  let hash = fnv1a32(text);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 0x1_0000_0000;
}

/** FNV-1a (32 bits) of the UTF-8 bytes of `text` (a lone surrogate counts as U+FFFD, as in TextEncoder). */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  const byte = (b: number): void => {
    hash ^= b;
    hash = Math.imul(hash, 0x01000193);
  };
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code < 0x80) {
      byte(code);
      continue;
    }
    if (code >= 0xd800 && code < 0xdc00 && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low < 0xe000) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (code >= 0xd800 && code < 0xe000) code = 0xfffd;
    if (code < 0x800) {
      byte(0xc0 | (code >> 6));
    } else if (code < 0x10000) {
      byte(0xe0 | (code >> 12));
      byte(0x80 | ((code >> 6) & 0x3f));
    } else {
      byte(0xf0 | (code >> 18));
      byte(0x80 | ((code >> 12) & 0x3f));
      byte(0x80 | ((code >> 6) & 0x3f));
    }
    byte(0x80 | (code & 0x3f));
  }
  return hash >>> 0;
}
