import type { ServerResponse } from "node:http";
import { collectDefaultMetrics, Registry, type Metric } from "prom-client";
import { LATENCY_BUCKETS_SECONDS, type CallbackMetrics, type Pipeline } from "@hookline/core";
import type { NatsSourceStats } from "@hookline/nats";
import type { ReceiverStats } from "./http-receiver.js";

/** Where the counters come from: a pipeline, or every pipeline of a run across reloads. */
export type MetricsSource = Pick<Pipeline, "metrics">;

type Sample = { labels: Record<string, string | number>; value: number; metricName?: string };

/**
 * A prom-client registry that reads the pipeline's counters at scrape time: one series per
 * callback (labelled by its name, never by a header or URL), the receiver's counters and the
 * process's default metrics.
 */
export function metricsRegistry(pipeline: MetricsSource, receiver: () => ReceiverStats | undefined, nats: () => Readonly<NatsSourceStats> | undefined = () => undefined): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "hookline_process_" });
  let snapshot: CallbackMetrics[] = [];
  const read = (): CallbackMetrics[] => (snapshot = pipeline.metrics());

  const perCallback = (name: string, help: string, type: "counter" | "gauge", value: (m: CallbackMetrics) => number, first = false) =>
    custom(name, help, type, () => (first ? read() : snapshot).map((m) => ({ labels: { callback: m.name }, value: value(m) })));

  const metrics: Metric[] = [
    perCallback("hookline_events_received_total", "Events that reached the callback, before the event-type filter.", "counter", (m) => m.received, true),
    perCallback("hookline_events_filtered_total", "Events skipped by the callback's event_types.", "counter", (m) => m.filtered),
    perCallback("hookline_events_sent_total", "Events delivered (2xx).", "counter", (m) => m.sent),
    perCallback("hookline_events_failed_total", "Events the endpoint refused or that ran out of retries.", "counter", (m) => m.failed),
    perCallback("hookline_events_retried_total", "Event attempts that failed and were tried again.", "counter", (m) => m.retried),
    perCallback("hookline_events_dead_lettered_total", "Failed events written to the dead-letter file.", "counter", (m) => m.deadLettered),
    perCallback("hookline_events_spooled_total", "Events written to the on-disk spool.", "counter", (m) => m.spooled),
    perCallback("hookline_spool_write_failures_total", "Events the spool could not write (disk full, I/O error): held in memory only.", "counter", (m) => m.spoolWriteFailures),
    perCallback("hookline_spool_events_lost_total", "Events found damaged or missing in the spool at start.", "counter", (m) => m.spoolLost),
    perCallback("hookline_dead_letter_write_failures_total", "Failed events that could not be written to the dead-letter file.", "counter", (m) => m.deadLetterWriteFailures),
    perCallback("hookline_queue_events", "Events held by the callback: buffered, queued or in flight.", "gauge", (m) => m.queueDepth),
    perCallback("hookline_queue_bytes", "Bytes of the events the callback holds, as max_queue_bytes counts them.", "gauge", (m) => m.queueBytes),
    perCallback("hookline_in_flight_events", "Events in requests in flight.", "gauge", (m) => m.inFlight),
    perCallback("hookline_callback_healthy", "1 while the callback's endpoint is answering, 0 while it backs off or every recent attempt failed.", "gauge", (m) => (m.healthy ? 1 : 0)),
    custom("hookline_events_dropped_total", "Events dropped without delivery, by reason.", "counter", () =>
      snapshot.flatMap((m) => Object.entries(m.dropped).map(([reason, value]) => ({ labels: { callback: m.name, reason }, value }))),
    ),
    custom("hookline_requests_total", "Export requests, by HTTP status class (error = no response).", "counter", () =>
      snapshot.flatMap((m) => Object.entries(m.requests).map(([status_class, value]) => ({ labels: { callback: m.name, status_class }, value }))),
    ),
    custom("hookline_delivery_latency_seconds", "Time from entering the delivery queue to a 2xx, per event.", "histogram", () =>
      snapshot.flatMap((m) => [
        ...LATENCY_BUCKETS_SECONDS.map((le, i) => ({ metricName: "hookline_delivery_latency_seconds_bucket", labels: { callback: m.name, le: le as number }, value: m.latency.buckets[i] ?? 0 }) as Sample),
        { metricName: "hookline_delivery_latency_seconds_bucket", labels: { callback: m.name, le: "+Inf" }, value: m.latency.count },
        { metricName: "hookline_delivery_latency_seconds_sum", labels: { callback: m.name }, value: m.latency.sumSeconds },
        { metricName: "hookline_delivery_latency_seconds_count", labels: { callback: m.name }, value: m.latency.count },
      ]),
    ),
    custom("hookline_receiver_requests_total", "Requests to POST /v1/callbacks/logs, whatever their outcome.", "counter", () => {
      const stats = receiver();
      return stats ? [{ labels: {}, value: stats.requests }] : [];
    }),
    custom("hookline_receiver_events_total", "Events the HTTP receiver took or rejected.", "counter", () => {
      const stats = receiver();
      return stats ? [{ labels: { result: "accepted" }, value: stats.acceptedEvents }, { labels: { result: "rejected" }, value: stats.rejectedEvents }] : [];
    }),
    custom("hookline_receiver_events_dead_lettered_total", "Rejected elements the HTTP receiver wrote to sources.http.dead_letter_path.", "counter", () => {
      const stats = receiver();
      return stats ? [{ labels: {}, value: stats.deadLetteredEvents }] : [];
    }),
    custom("hookline_receiver_events_repaired_total", "Events the HTTP receiver accepted after writing NaN / Infinity as null.", "counter", () => {
      const stats = receiver();
      return stats ? [{ labels: {}, value: stats.repairedEvents }] : [];
    }),
    custom("hookline_receiver_bodies_total", "Request bodies the HTTP receiver refused, by reason.", "counter", () => {
      const stats = receiver();
      if (!stats) return [];
      const results: Record<string, number> = {
        malformed: stats.malformedBodies,
        backpressure: stats.refusedBodies,
        rejected_elements: stats.rejectedBodies,
        unauthorized: stats.unauthorized,
        loop: stats.loops,
        storage_failed: stats.storageFailedBodies,
        undelivered: stats.unsettledBodies,
      };
      return Object.entries(results).map(([result, value]) => ({ labels: { result }, value }));
    }),
    custom("hookline_receiver_connections_closed_total", "Connections the receiver closed at its connection bound: idle ones evicted, new ones refused.", "counter", () => {
      const stats = receiver();
      return stats ? [{ labels: { reason: "evicted" }, value: stats.connections.evicted }, { labels: { reason: "refused" }, value: stats.connections.refused }] : [];
    }),
    custom("hookline_nats_events_total", "Events a worker took from the NATS stream (each delivery; redelivered ones also counted apart), acknowledged, gave back for redelivery, or rejected as not a payload.", "counter", () => {
      const stats = nats();
      return stats ? Object.entries(stats).map(([result, value]) => ({ labels: { result }, value })) : [];
    }),
  ];
  for (const metric of metrics) registry.registerMetric(metric);
  return registry;
}

/** GET /metrics: Prometheus text exposition. */
export function metricsRoute(registry: Registry): (res: ServerResponse) => Promise<void> {
  return async (res) => {
    const text = await registry.metrics();
    res.writeHead(200, { "Content-Type": registry.contentType });
    res.end(text);
  };
}

/**
 * GET /health: overall status and each callback's health (see `CallbackMetrics.healthy`). Always
 * 200 while hookline runs: restarting hookline, or routing events away from it, does not mend a
 * failing endpoint and would lose what is queued; `status: "degraded"` says a callback is failing.
 */
export function healthRoute(pipeline: MetricsSource): (res: ServerResponse) => void {
  return (res) => {
    const callbacks = pipeline.metrics().map((m) => ({
      name: m.name,
      healthy: m.healthy,
      queue_depth: m.queueDepth,
      sent: m.sent,
      failed: m.failed,
      ...(m.lastError !== undefined ? { last_error: m.lastError } : {}),
    }));
    const body = JSON.stringify({ status: callbacks.every((c) => c.healthy) ? "ok" : "degraded", callbacks });
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(body);
  };
}

// A metric whose samples are computed at scrape time; prom-client renders it.
function custom(name: string, help: string, type: "counter" | "gauge" | "histogram", samples: () => Sample[]): Metric {
  return {
    name,
    help,
    type,
    aggregator: "sum",
    get: async () => ({ name, help, type, aggregator: "sum", values: samples() }),
    reset: () => {},
  } as unknown as Metric;
}
