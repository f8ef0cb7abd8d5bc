import type { ErrorCode } from "./error-codes.js";

const brand = Symbol.for("hookline.error");

/** One problem found in a configuration, located by file and key path. */
export interface ConfigIssue {
  /** The file the problem is in, when it came from a file. */
  readonly file?: string;
  /** Key path, e.g. `callback_settings.my_api.batch_size`. */
  readonly path: string;
  /** What is wrong and what was expected. */
  readonly message: string;
}

/** Options for {@link HooklineError}. */
export interface HooklineErrorOptions {
  readonly cause?: unknown;
  readonly issues?: readonly ConfigIssue[];
}

/**
 * The one error class hookline throws. Only configuration and programming errors throw;
 * delivery failures are results, never exceptions.
 *
 * Messages never contain header values, tokens or other secrets.
 */
export class HooklineError extends Error {
  readonly code: ErrorCode;
  /** Every problem found, for configuration errors. */
  readonly issues: readonly ConfigIssue[];

  constructor(code: ErrorCode, message: string, options: HooklineErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "HooklineError";
    this.code = code;
    this.issues = options.issues ?? [];
    Object.defineProperty(this, brand, { value: true });
  }

  /** Brand check that works across duplicate copies of this package. */
  static is(value: unknown): value is HooklineError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}

/** Formats issues as `file: path: message` lines. */
export function formatIssues(issues: readonly ConfigIssue[]): string {
  return issues
    .map((issue) => `${issue.file ? `${issue.file}: ` : ""}${issue.path ? `${issue.path}: ` : ""}${issue.message}`)
    .join("\n");
}

/** Builds an `ERR_CONFIG_INVALID` error listing every issue. */
export function configError(issues: readonly ConfigIssue[]): HooklineError {
  const head = issues.length === 1 ? "invalid configuration" : `invalid configuration (${issues.length} problems)`;
  return new HooklineError("ERR_CONFIG_INVALID", `${head}:\n${formatIssues(issues)}`, { issues });
}
