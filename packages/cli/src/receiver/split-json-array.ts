/**
 * Splits the text of a JSON array into the texts of its top-level elements, without parsing
 * them, so each event can keep its original bytes. Returns a message for text that is not an
 * array with balanced brackets and strings; element syntax is checked later by `JSON.parse`.
 */
export function splitJsonArray(text: string): string[] | { error: string } {
  const start = text.indexOf("[");
  const end = text.lastIndexOf("]");
  if (start === -1 || end < start || text.slice(0, start).trim() !== "" || text.slice(end + 1).trim() !== "") {
    return { error: "expected a JSON array" };
  }
  const elements: string[] = [];
  let depth = 0;
  let inString = false;
  let from = start + 1;
  for (let i = start + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) depth++;
    else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
      if (depth < 0) return { error: `unbalanced "${text[i]}" at offset ${i}` };
    } else if (c === 44 /* , */ && depth === 0) {
      elements.push(text.slice(from, i).trim());
      from = i + 1;
    }
  }
  if (inString) return { error: "unterminated string" };
  if (depth !== 0) return { error: "unbalanced brackets" };
  const last = text.slice(from, end).trim();
  if (last !== "" || elements.length > 0) elements.push(last);
  return elements;
}
