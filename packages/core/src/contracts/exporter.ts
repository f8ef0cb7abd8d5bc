import type { ExportResult } from "./export-result.js";

/** One request body to send. */
export interface ExportRequest {
  /**
   * The body, lent until the promise `export()` returned settles: its memory may be reused
   * for another body afterwards, so an exporter that needs the bytes later copies them.
   */
  readonly body: string | Uint8Array;
  /** The formatter's content type. */
  readonly contentType: string;
  /** How many events the body holds. */
  readonly eventCount: number;
  /**
   * The hookline instances the body's events passed through (the union of their `via` lists),
   * when any did. An exporter that can carry it (the http exporter: `X-Hookline-Via`) does, so
   * the next hookline can refuse a loop. Optional: exporters may ignore it.
   */
  readonly via?: readonly string[];
}

/** Per-attempt options the delivery layer passes to an exporter. */
export interface ExportOptions {
  /** Aborted when the attempt times out or the pipeline is forced to stop. */
  readonly signal: AbortSignal;
}

/**
 * Sends request bodies somewhere and says how it went. Retries, timeouts, splitting and
 * queueing are done around it by the delivery layer, so an exporter makes one attempt.
 */
export interface Exporter {
  readonly specificationVersion: 1;
  /** Component type name, e.g. `http`. */
  readonly type: string;
  /** Makes one attempt. Resolves with a result; rejecting is treated as a retryable failure. */
  export(request: ExportRequest, options: ExportOptions): Promise<ExportResult>;
  /** Releases connections and other resources. */
  close?(): Promise<void>;
}
