/**
 * Splits the text of a JSON array into the texts of its top-level elements, without parsing
 * them, so each event can keep its original bytes. Returns a message for text that is not an
 * array with balanced brackets and strings; element syntax is checked later by `JSON.parse`.
 *
 * Outside strings it looks at every character (there are few: punctuation, numbers, literals);
 * over string contents, most of a payload, it jumps with `indexOf`, in native code.
 */
export function splitJsonArray(text: string): string[] | { error: string } {
  const start = text.indexOf("[");
  const end = text.lastIndexOf("]");
  if (start === -1 || end < start || text.slice(0, start).trim() !== "" || text.slice(end + 1).trim() !== "") {
    return { error: "expected a JSON array" };
  }
  const elements: string[] = [];
  let depth = 0;
  let from = start + 1;
  for (let i = start + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      const close = closingQuote(text, i + 1, end);
      if (close === -1) return { error: "unterminated string" };
      i = close;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      depth++;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
      if (depth < 0) return { error: `unbalanced "${text[i]}" at offset ${i}` };
    } else if (c === 44 /* , */ && depth === 0) {
      elements.push(text.slice(from, i).trim());
      from = i + 1;
    }
  }
  if (depth !== 0) return { error: "unbalanced brackets" };
  const last = text.slice(from, end).trim();
  if (last !== "" || elements.length > 0) elements.push(last);
  return elements;
}

/** Index of the quote closing a string whose contents start at `from`, or -1 before `end`. */
function closingQuote(text: string, from: number, end: number): number {
  let quote = text.indexOf('"', from);
  while (quote !== -1 && quote < end) {
    let backslashes = 0;
    for (let j = quote - 1; text.charCodeAt(j) === 92 /* \ */; j--) backslashes++;
    if (backslashes % 2 === 0) return quote;
    quote = text.indexOf('"', quote + 1);
  }
  return -1;
}
