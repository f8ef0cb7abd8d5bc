import { luhnValid } from "./luhn.js";

/** A built-in detector: a regex source without capturing groups, and a check of each match. */
export interface Detector {
  readonly name: DetectorName;
  readonly source: string;
  /** Whether a match really is one (e.g. a card number's checksum); every match when absent. */
  readonly accept?: (match: string) => boolean;
}

/** Names of the built-in detectors, in the order users see them. */
export const DETECTOR_NAMES = ["email", "api_key", "bearer_token", "jwt", "card", "phone"] as const;

/** One of {@link DETECTOR_NAMES}. */
export type DetectorName = (typeof DETECTOR_NAMES)[number];

// Every pattern starts with a look-behind that refuses to start inside a word or a number, so a
// long run of text is tried from its start only, and every repetition is bounded where a failed
// match could otherwise backtrack over it: no pattern is quadratic on long strings.
const KEY_START = "(?<![A-Za-z0-9_-])";

const email = "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])";

const apiKey = [
  "sk-(?=[A-Za-z_-]*[0-9])[A-Za-z0-9_-]{16,}", // OpenAI (sk-, sk-proj-, sk-svcacct-), Anthropic (sk-ant-), LiteLLM virtual keys
  "(?:AKIA|ASIA)[0-9A-Z]{16}(?![0-9A-Za-z])", // AWS access key ids
  "gh[pousr]_[A-Za-z0-9]{30,}", // GitHub tokens
  "github_pat_[A-Za-z0-9_]{22,}", // GitHub fine-grained tokens
  "xox[abposr]-[A-Za-z0-9-]{10,}", // Slack tokens
  "AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])", // Google API keys
];

// The token after "Bearer " (any case); "Bearer " itself is kept. A token has a digit, so
// "Bearer authentication" is prose, not a token.
const bearerToken = "(?<=\\b[Bb][Ee][Aa][Rr][Ee][Rr] {1,8})(?=[A-Za-z._~+/-]*[0-9])[A-Za-z0-9._~+/-]{8,}=*";

const jwt = `${KEY_START}eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*`;

// 13 to 19 digits starting with 2-6 (the major card networks), single spaces or dashes between
// digits; not part of a longer group of digits. The Luhn check then refuses most other numbers.
const card = "(?<![0-9]|[0-9][ -])[2-6][0-9](?:[ -]?[0-9]){11,17}(?![0-9]|[ -][0-9])";

// International numbers need a "+" and 8 to 15 digits; North American ones need the 3-3-4 shape
// with separators or parentheses. Plain runs of digits (ids, timestamps, counts) never match.
const phone = [
  "(?<![0-9A-Za-z+])\\+[1-9][0-9]{0,14}(?:(?:[ .-]|[ .-]?\\([0-9]{1,4}\\)[ .-]?)[0-9]{1,14}){0,6}(?![0-9A-Za-z]|[ .-][0-9])",
  "(?<![0-9A-Za-z+]|[0-9][ .-])(?:1[ .-])?(?:\\([2-9][0-9]{2}\\) ?|[2-9][0-9]{2}[ .-])[2-9][0-9]{2}[ .-][0-9]{4}(?![0-9A-Za-z]|[ .-][0-9])",
];

const digitsOf = (text: string): string => text.replace(/[^0-9]/g, "");

/**
 * The built-in detectors, in the order they are tried at one position (a bearer token before the
 * JWT or key it holds).
 */
export const DETECTORS: readonly Detector[] = [
  { name: "bearer_token", source: bearerToken },
  { name: "jwt", source: jwt },
  { name: "api_key", source: `${KEY_START}(?:${apiKey.join("|")})` },
  { name: "email", source: email },
  {
    name: "card",
    source: card,
    accept: (match) => {
      const digits = digitsOf(match);
      return digits.length >= 13 && digits.length <= 19 && luhnValid(digits);
    },
  },
  {
    name: "phone",
    source: `(?:${phone.join("|")})`,
    // E.164 allows at most 15 digits; a "(0)" trunk prefix is not one of them.
    accept: (match) => {
      const digits = digitsOf(match.replace("(0)", "")).length;
      return digits >= 8 && digits <= 15;
    },
  },
];
