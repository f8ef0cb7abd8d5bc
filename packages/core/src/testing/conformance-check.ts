/** One named conformance check; `run` throws (or rejects) with a message when it fails. */
export interface ConformanceCheck {
  readonly name: string;
  run(): void | Promise<void>;
}

/** Throws `message` unless `condition` holds. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`conformance: ${message}`);
}
