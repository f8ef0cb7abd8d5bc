import { isRecord } from "./is-record.js";
import type { Detector } from "./mask-detectors.js";

/** How many times each detector or pattern masked something, by name. */
export type MaskCounts = Record<string, number>;

/** A user pattern, compiled (global). */
export interface MaskPattern {
  readonly name: string;
  readonly regex: RegExp;
}

/** The text that replaces a match of `name`: `{NAME}` is the name in upper case, `{name}` as it is. */
export function replacementFor(template: string, name: string): string {
  return template.replaceAll("{NAME}", name.toUpperCase()).replaceAll("{name}", name);
}

/**
 * Masks secrets and personal data in strings: the built-in detectors in one combined pass (one
 * regex, an alternative per detector), then each user pattern in a pass of its own (their flags
 * and groups differ).
 */
export class TextMasker {
  readonly #combined: RegExp | undefined;
  readonly #detectors: readonly Detector[];
  readonly #detectorReplacements: readonly string[];
  readonly #patterns: readonly MaskPattern[];
  readonly #patternReplacements: readonly string[];

  constructor(detectors: readonly Detector[], patterns: readonly MaskPattern[], template: string) {
    this.#detectors = detectors;
    this.#combined = detectors.length > 0 ? new RegExp(detectors.map((d) => `(${d.source})`).join("|"), "g") : undefined;
    this.#detectorReplacements = detectors.map((d) => replacementFor(template, d.name));
    this.#patterns = patterns;
    this.#patternReplacements = patterns.map((p) => replacementFor(template, p.name));
  }

  /** `text` with every accepted match replaced; counts what it masked into `counts`. */
  mask(text: string, counts: MaskCounts): string {
    let out = text;
    if (this.#combined !== undefined) {
      out = out.replace(this.#combined, (match: string, ...groups: unknown[]) => {
        // Exactly one group is set: the alternative (detector) that matched.
        const index = groups.findIndex((group) => group !== undefined);
        const detector = this.#detectors[index];
        if (detector === undefined || (detector.accept !== undefined && !detector.accept(match))) return match;
        counts[detector.name] = (counts[detector.name] ?? 0) + 1;
        return this.#detectorReplacements[index] as string;
      });
    }
    this.#patterns.forEach((pattern, i) => {
      out = out.replace(pattern.regex, (match: string) => {
        if (match.length === 0) return match;
        counts[pattern.name] = (counts[pattern.name] ?? 0) + 1;
        return this.#patternReplacements[i] as string;
      });
    });
    return out;
  }

  /** Masks every string inside `value` (objects and arrays, any depth), copy-on-write. */
  maskValue(value: unknown, counts: MaskCounts): unknown {
    if (typeof value === "string") return this.mask(value, counts);
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        const next = this.maskValue(item, counts);
        if (next !== item) (copy ??= value.slice())[i] = next;
      }
      return copy ?? value;
    }
    if (!isRecord(value)) return value;
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(value)) {
      const item = value[key];
      const next = this.maskValue(item, counts);
      if (next !== item) (copy ??= { ...value })[key] = next;
    }
    return copy ?? value;
  }
}
