import { didYouMean } from "./did-you-mean.js";

/** The warning for an unknown key: a "did you mean" for likely typos, then every valid key. */
export function unknownKeyMessage(key: string, valid: readonly string[]): string {
  const suggestion = didYouMean(key, valid);
  return `unknown key "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ""}; it is ignored. Valid keys: ${valid.join(", ")}`;
}
