/**
 * The forms a secret may take in text an endpoint sends back: as it is; percent-encoded (a URL,
 * a form body); with `+` for spaces; percent-decoded (URL parts are held encoded); JSON-escaped,
 * also with `\/` and with non-ASCII characters as `\uXXXX` (PHP's and Python's encoders).
 */
export function secretForms(value: string): string[] {
  const forms = new Set<string>([value]);
  const encoded = encodeURIComponent(value);
  forms.add(encoded);
  forms.add(encoded.replace(/%20/g, "+"));
  // encodeURIComponent leaves these alone; URL serializers often do not.
  forms.add(encoded.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`));
  const decoded = safeDecode(value);
  if (decoded !== undefined) forms.add(decoded);
  for (const text of [value, ...(decoded === undefined ? [] : [decoded])]) {
    const json = JSON.stringify(text).slice(1, -1);
    forms.add(json);
    forms.add(json.replace(/\//g, "\\/"));
    forms.add(asciiJson(json));
    forms.add(asciiJson(json).replace(/\//g, "\\/"));
  }
  return [...forms];
}

function safeDecode(value: string): string | undefined {
  if (!/%[0-9A-Fa-f]{2}/.test(value)) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** JSON text with every character above U+007F written as `\uXXXX` (lowercase hex, as encoders do). */
function asciiJson(json: string): string {
  return json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
