import { SecretScrubber, type ConfigIssue } from "@hookline/core";
import type { OnEnvUse } from "./env-value.js";

/**
 * Collects issues and warnings while a configuration is resolved, stamping each with the file,
 * and the configuration's secrets (header values, endpoint credentials, environment values),
 * which {@link scrubbed} masks in every message on the way out.
 */
export class ConfigReport {
  /** Problems that stop the configuration from running. */
  readonly issues: ConfigIssue[] = [];
  /** Problems that do not. */
  readonly warnings: ConfigIssue[] = [];
  /** Every secret found so far. */
  readonly secrets = new SecretScrubber();
  /** Records an environment variable a value used: its value is masked as `$NAME`. */
  readonly envUse: OnEnvUse = (name, value) => {
    this.secrets.add(value, `$${name}`);
  };

  constructor(private readonly file: string | undefined) {}

  /** Records a problem that stops the configuration from running. */
  issue(path: string, message: string): void {
    this.issues.push(this.file === undefined ? { path, message } : { file: this.file, path, message });
  }

  /** Records a problem that does not. */
  warn(path: string, message: string): void {
    this.warnings.push(this.file === undefined ? { path, message } : { file: this.file, path, message });
  }

  /**
   * `issues` or `warnings` with every secret masked. Messages are scrubbed at the end, not as they
   * are recorded, because a secret may be found after a message that quotes it.
   */
  scrubbed(list: readonly ConfigIssue[]): ConfigIssue[] {
    return list.map((issue) => ({ ...issue, message: this.secrets.scrub(issue.message) }));
  }
}
