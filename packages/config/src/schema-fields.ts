import { z } from "zod";
import { describeValue } from "./describe-value.js";

const NUMERIC = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;

/** Numbers arrive as strings from `${VAR}` substitution and `DEFAULT_*` variables. */
function coerceNumeric(value: unknown): unknown {
  return typeof value === "string" && NUMERIC.test(value) ? Number(value) : value;
}

/** A number setting; `expected` completes "expected ..." in the message, e.g. "a positive integer". */
export function numberField(expected: string, accept: (value: number) => boolean) {
  const error = (issue: { input?: unknown }): string => `expected ${expected}; got ${describeValue(issue.input)}`;
  return z.preprocess(coerceNumeric, z.number({ error }).refine((value) => Number.isFinite(value) && accept(value), { error }));
}

/** An integer of at least `min`. */
export function integerField(min: number) {
  const expected = min === 0 ? "an integer >= 0" : min === 1 ? "a positive integer" : `an integer >= ${min}`;
  return numberField(expected, (value) => Number.isInteger(value) && value >= min);
}

/** A duration in seconds; `allowZero` for settings where 0 means "none" or "no limit". */
export function secondsField(allowZero: boolean) {
  return allowZero
    ? numberField("a number of seconds >= 0", (value) => value >= 0)
    : numberField("a number of seconds > 0", (value) => value > 0);
}

/** One of a fixed list of strings; the message lists them all. */
export function choiceField<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: (issue) => `expected one of ${values.join(", ")}; got ${describeValue(issue.input)}` });
}

/** A non-empty string setting. */
export function stringField(expected = "a non-empty string") {
  const error = (issue: { input?: unknown }): string => `expected ${expected}; got ${describeValue(issue.input)}`;
  return z.string({ error }).refine((value) => value.trim() !== "", { error });
}

/** A mapping of string keys to anything (formatter options). */
export function optionsField() {
  return z.record(z.string(), z.unknown(), { error: "expected a mapping of option names to values" });
}
