import { mkdirSync, openSync, closeSync, createWriteStream, type WriteStream } from "node:fs";
import { dirname } from "node:path";
import { eventJson } from "../events/log-event.js";
import { HooklineError } from "../errors/hookline-error.js";
import type { DeliveryReport } from "./delivery-report.js";

/** Where undeliverable events go. */
export interface DeadLetterSink {
  /** Appends the report's events; resolves with how many were written (0 when writing failed). */
  write(report: DeliveryReport, callback: string): Promise<number>;
  /** Waits for pending writes and closes the file. */
  close(): Promise<void>;
}

/**
 * Appends undeliverable events to an NDJSON file, one record per event:
 * `{"hookline_dead_letter":1,"callback","reason","status","time","event_type","payload"}`.
 * `hookline replay` sends such a file again as it is.
 *
 * The file is opened (and its directory created) at once, so an unwritable path is a
 * configuration error at start-up, not a surprise during an outage. A later write failure (disk
 * full) is reported through `onError` and the events are counted as failed, never a crash.
 *
 * @example
 * ```ts
 * const deadLetters = deadLetterFile("/var/lib/hookline/dead.ndjson", { onError: console.error });
 * ```
 */
export function deadLetterFile(path: string, options: { onError?: (message: string) => void; configPath?: string } = {}): DeadLetterSink {
  try {
    mkdirSync(dirname(path), { recursive: true });
    closeSync(openSync(path, "a"));
  } catch (err) {
    throw new HooklineError(
      "ERR_STORAGE_FAILED",
      `${options.configPath ? `${options.configPath}: ` : ""}cannot write dead-letter file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      { cause: err },
    );
  }
  let stream: WriteStream | undefined;
  let broken: string | undefined;
  const open = (): WriteStream => {
    stream ??= createWriteStream(path, { flags: "a" }).on("error", (err: NodeJS.ErrnoException) => {
      broken = err.code ?? err.message;
      options.onError?.(`cannot write dead-letter file ${path}: ${broken}`);
    });
    return stream;
  };

  return {
    write(report, callback) {
      if (broken) return Promise.resolve(0);
      const time = new Date().toISOString();
      let text = "";
      for (const event of report.events) {
        text += `{"hookline_dead_letter":1,"callback":${JSON.stringify(callback)},"reason":${JSON.stringify(report.reason ?? report.dropReason ?? "undeliverable")},"status":${report.status ?? null},"time":"${time}","event_type":"${event.type}","payload":${eventJson(event)}}\n`;
      }
      return new Promise((resolve) => {
        open().write(text, (err) => resolve(err ? 0 : report.events.length));
      });
    },
    close() {
      const current = stream;
      stream = undefined;
      if (!current) return Promise.resolve();
      return new Promise((resolve) => current.end(() => resolve()));
    },
  };
}
