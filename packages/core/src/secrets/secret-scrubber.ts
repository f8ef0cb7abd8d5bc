import { REDACTED } from "./redacted.js";
import { secretForms } from "./secret-forms.js";
import { urlSecretParts, type UrlSecretOptions } from "./url-secret-parts.js";

/**
 * Values shorter than this are never scrubbed: `80` or `yes` would turn every message into masks,
 * and nothing that short is a credential.
 */
export const MIN_SECRET_LENGTH = 4;

// Booleans and short numbers (ports, sizes, counts, ids) are in every message and are not
// credentials; a long run of digits may be a key, so it still counts.
const NOT_A_SECRET = /^\s*(?:true|false|null|yes|no|on|off|[-+]?\d{1,8}(?:\.\d+)?)\s*$/i;

/** True when `value` is worth masking: long enough, and not a boolean or a short number. */
export function isMaskable(value: string): boolean {
  return value.trim().length >= MIN_SECRET_LENGTH && !NOT_A_SECRET.test(value);
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// `%2F` and `%2f` are the same byte: a server may echo either case.
const hexCaseless = (pattern: string): string =>
  pattern.replace(/%([0-9A-F])([0-9A-F])/g, (_match, a: string, b: string) => `%${caseless(a)}${caseless(b)}`);
const caseless = (digit: string): string => (/[A-F]/.test(digit) ? `[${digit}${digit.toLowerCase()}]` : digit);
const upperHex = (text: string): string => text.replace(/%[0-9a-f]{2}/gi, (hex) => hex.toUpperCase());

/**
 * The secrets of a configuration, and what each is printed as: every text hookline lets out
 * (config errors and warnings, failure reasons, dead letters, `/health`) goes through
 * {@link scrub}. Each value is also matched in the forms an endpoint may echo it in
 * (percent-encoded in either case of hex, form-encoded, JSON-escaped).
 *
 * The values are kept in a private field: printing or serializing a scrubber shows none of them.
 *
 * @example
 * ```ts
 * const secrets = new SecretScrubber().add("sk-123456", "$OPENAI_API_KEY");
 * secrets.scrub("invalid key sk-123456"); // "invalid key $OPENAI_API_KEY"
 * ```
 */
export class SecretScrubber {
  /** Each form of each value, to its mask. */
  readonly #masks = new Map<string, string>();
  #pattern: RegExp | undefined;

  /**
   * Masks `value` (and its encoded forms) as `mask`. Values {@link isMaskable} rejects are
   * ignored. A form already registered keeps its first mask, so the more specific one
   * (`$NAME` for an environment value) should be added first.
   *
   * @param mask what the value is printed as @default "[redacted]"
   */
  add(value: string, mask: string = REDACTED): this {
    if (!isMaskable(value)) return this;
    for (const form of secretForms(value)) {
      if (form.length < MIN_SECRET_LENGTH || this.#masks.has(upperHex(form))) continue;
      this.#masks.set(upperHex(form), mask);
      this.#pattern = undefined;
    }
    return this;
  }

  /**
   * Masks a header value whole, and each word of 8 characters or more in it: the token of
   * `Bearer <token>` may come back without its scheme.
   */
  addHeaderValue(value: string): this {
    this.add(value);
    for (const word of value.split(/[\s,;=]+/)) if (word.length >= 8) this.add(word);
    return this;
  }

  /** Masks an endpoint URL's credentials: userinfo, query values, and the path when it is secret. */
  addUrl(url: string | URL, options: UrlSecretOptions = {}): this {
    for (const [value, mask] of urlSecretParts(url, options)) this.add(value, mask);
    return this;
  }

  /** Adds every secret of `other`, with its mask. */
  addAll(other: SecretScrubber): this {
    for (const [form, mask] of other.#masks) {
      if (this.#masks.has(form)) continue;
      this.#masks.set(form, mask);
      this.#pattern = undefined;
    }
    return this;
  }

  /** How many forms are masked. */
  get size(): number {
    return this.#masks.size;
  }

  /** `text` with every registered secret replaced by its mask; the longest match wins. */
  scrub(text: string): string {
    if (this.#masks.size === 0 || text === "") return text;
    this.#pattern ??= new RegExp(
      [...this.#masks.keys()]
        .sort((a, b) => b.length - a.length)
        .map((form) => hexCaseless(escapeRegExp(form)))
        .join("|"),
      "g",
    );
    return text.replace(this.#pattern, (match) => this.#masks.get(upperHex(match)) ?? REDACTED);
  }

  /** A function that scrubs with this scrubber (and sees secrets added later). */
  get scrubber(): (text: string) => string {
    return (text) => this.scrub(text);
  }

  toJSON(): string {
    return `[SecretScrubber: ${this.#masks.size} forms]`;
  }
}
