import type { ConfigIssue } from "../errors/hookline-error.js";

/** Collects issues and warnings while a configuration is resolved, stamping each with the file. */
export class ConfigReport {
  /** Problems that stop the configuration from running. */
  readonly issues: ConfigIssue[] = [];
  /** Problems that do not. */
  readonly warnings: ConfigIssue[] = [];

  constructor(private readonly file: string | undefined) {}

  /** Records a problem that stops the configuration from running. */
  issue(path: string, message: string): void {
    this.issues.push(this.file === undefined ? { path, message } : { file: this.file, path, message });
  }

  /** Records a problem that does not. */
  warn(path: string, message: string): void {
    this.warnings.push(this.file === undefined ? { path, message } : { file: this.file, path, message });
  }
}
