import { Subject, lastValueFrom, toArray, type Observable } from "rxjs";
import { batch, deliver, format, ofEventTypes, type DeliveryReport, type LogEvent } from "@hookline/core";
import { httpExporter } from "@hookline/exporters";
import { ndjson } from "@hookline/formatters";

/**
 * A pipeline written with hookline's operators instead of a config file: keep failures only,
 * batch them by 50 or 2 seconds, encode as NDJSON and POST them with retries.
 */
export function shipFailures(events$: Observable<LogEvent>, url: string): Observable<DeliveryReport> {
  return events$.pipe(
    ofEventTypes(["llm_api_failure"]),
    batch({ maxSize: 50, maxWaitMs: 2_000 }),
    format(ndjson()),
    deliver(httpExporter({ url, headers: { "X-Team": "platform" } }), { retry: { maxRetries: 3, initialDelayMs: 200 } }),
  );
}

/** Pushes `events` through {@link shipFailures} and resolves with every delivery report. */
export async function runOnce(events: readonly LogEvent[], url: string): Promise<DeliveryReport[]> {
  const source = new Subject<LogEvent>();
  const reports = lastValueFrom(shipFailures(source, url).pipe(toArray()));
  for (const event of events) source.next(event);
  source.complete();
  return reports;
}
