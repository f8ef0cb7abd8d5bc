import { Type, defineProcessor } from "@hookline/core";
import type { StandardLoggingPayload } from "@hookline/core";
import { parseFieldPaths } from "./field-path.js";
import { isRecord } from "./is-record.js";
import { DETECTORS, DETECTOR_NAMES, type DetectorName } from "./mask-detectors.js";
import { optionsError } from "./options-error.js";
import { TextMasker, type MaskCounts, type MaskPattern } from "./text-masker.js";
import { updatePath } from "./update-path.js";

/** Where the counts of one event's masks are recorded (like LiteLLM guardrails' `masked_entity_count`). */
export const MASKED_ENTITY_COUNT_KEY = "hookline_masked_entity_count";

/** Default replacement: `[MASKED_EMAIL]`, `[MASKED_API_KEY]`, ... */
export const DEFAULT_MASK_REPLACEMENT = "[MASKED_{NAME}]";

const NAME_PATTERN = "^[a-z][a-z0-9_]*$";

const optionsSchema = Type.Object(
  {
    detectors: Type.Array(Type.Unsafe<DetectorName>({ type: "string", enum: [...DETECTOR_NAMES] }), {
      uniqueItems: true,
      default: [...DETECTOR_NAMES],
      description: "Built-in detectors to run",
    }),
    patterns: Type.Array(
      Type.Object(
        {
          name: Type.String({ pattern: NAME_PATTERN, description: "snake_case name, used in the replacement and the counts" }),
          regex: Type.String({ minLength: 1, description: "JavaScript regular expression" }),
          flags: Type.Optional(Type.String({ pattern: "^[imsuv]*$", description: "Regex flags (g is implied)" })),
        },
        { additionalProperties: false },
      ),
      { default: [], description: "Your own patterns, run after the detectors" },
    ),
    replacement: Type.String({ default: DEFAULT_MASK_REPLACEMENT, description: "Replacement text; {NAME} is the upper-case name, {name} the name" }),
    fields: Type.Array(Type.String({ minLength: 1 }), { default: ["messages", "response"], description: "Dotted paths whose strings are masked" }),
  },
  { additionalProperties: false },
);

function compilePattern(pattern: { name: string; regex: string; flags?: string }, i: number): MaskPattern {
  const flags = pattern.flags ?? "";
  try {
    new RegExp("", flags);
  } catch (error) {
    throw optionsError("mask", `patterns[${i}].flags`, `${JSON.stringify(flags)} are not valid regex flags: ${(error as Error).message}`);
  }
  try {
    return { name: pattern.name, regex: new RegExp(pattern.regex, `${flags}g`) };
  } catch (error) {
    throw optionsError("mask", `patterns[${i}].regex`, `not a valid regular expression: ${(error as Error).message}`);
  }
}

/** Adds `counts` to what the event's metadata already records (a second mask step adds up). */
function recordCounts(payload: unknown, counts: MaskCounts): unknown {
  return updatePath(
    payload,
    ["metadata", MASKED_ENTITY_COUNT_KEY],
    (current) => {
      const merged: MaskCounts = isRecord(current) ? { ...(current as MaskCounts) } : {};
      for (const [name, count] of Object.entries(counts)) merged[name] = (typeof merged[name] === "number" ? merged[name] : 0) + count;
      return merged;
    },
    true,
  );
}

/**
 * Definition of the `mask` processor: replaces secrets and personal data in message and
 * response texts, and records how many of each it masked in
 * `metadata.hookline_masked_entity_count`.
 */
export const maskProcessor = defineProcessor({
  type: "mask",
  description: "Masks emails, API keys, bearer tokens, JWTs, card numbers, phone numbers and your own patterns in message and response texts",
  options: optionsSchema,
  create: (options) => {
    const wanted = new Set<string>(options.detectors);
    const masker = new TextMasker(
      DETECTORS.filter((detector) => wanted.has(detector.name)),
      options.patterns.map(compilePattern),
      options.replacement,
    );
    const paths = parseFieldPaths(options.fields, "mask", "fields");
    return {
      process(payload) {
        let counts: MaskCounts | undefined;
        let out: unknown = payload;
        for (const path of paths) {
          out = updatePath(out, path, (current) => {
            counts ??= {};
            return masker.maskValue(current, counts);
          });
        }
        if (counts === undefined || Object.keys(counts).length === 0) return payload;
        return recordCounts(out, counts) as StandardLoggingPayload;
      },
    };
  },
});
