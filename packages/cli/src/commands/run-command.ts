import { parseArgs } from "node:util";
import type { Output } from "../console-output.js";
import { startReceiver, type Receiver } from "../receiver/http-receiver.js";
import { healthRoute, metricsRegistry, metricsRoute } from "../receiver/metrics-registry.js";
import { startRuntime } from "../runtime.js";
import { storageFailed, storageSummary } from "../storage-summary.js";
import { summaryTable, undelivered } from "../summary-table.js";
import { parseSeconds, UsageError } from "../usage-error.js";

/** Options for {@link runCommand} beyond the arguments. */
export interface RunContext {
  readonly output: Output;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Resolves when the command should stop (the CLI: on SIGTERM/SIGINT). */
  readonly stopSignal: Promise<string>;
}

/**
 * `hookline run --config FILE [--port N] [--host H] [--drain-timeout S]`: receives events on
 * `POST /v1/callbacks/logs` and relays them to every configured callback until stopped, then
 * stops accepting, drains every callback and exits.
 */
export async function runCommand(args: readonly string[], context: RunContext): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      config: { type: "string", short: "c" },
      port: { type: "string", short: "p" },
      host: { type: "string" },
      "drain-timeout": { type: "string" },
    },
    strict: true,
  });
  if (!values.config) throw new UsageError("run needs --config FILE");
  const port = values.port === undefined ? undefined : parsePort(values.port);
  const drainMs = parseSeconds(values["drain-timeout"] ?? "30", "--drain-timeout") * 1000;

  const { output } = context;
  const { config, pipeline } = await startRuntime({ file: values.config }, { output, ...(context.env ? { env: context.env } : {}) });
  let receiver: Receiver | undefined;
  const registry = metricsRegistry(pipeline, () => receiver?.stats);
  receiver = await startReceiver(pipeline, {
    host: values.host ?? config.server.host,
    port: port ?? config.server.port,
    routes: { "/metrics": metricsRoute(registry), "/health": healthRoute(pipeline) },
  });
  output.out(`hookline listening on ${receiver.url}/v1/callbacks/logs`);
  output.err(`callbacks: ${pipeline.callbackNames.join(", ") || "(none)"}`);

  const signal = await context.stopSignal;
  output.err(`${signal}: stopped accepting; draining callbacks (up to ${drainMs / 1000} s)`);
  await receiver.close();
  const report = await pipeline.shutdown({ deadlineMs: drainMs });
  output.err(summaryTable(report.callbacks));
  for (const [name, { count, to }] of Object.entries(report.abandoned)) {
    if (count === 0) continue;
    // A disk that refused writes makes "left in the spool" / "written" only partly true: say so.
    const partly = (report.unspooled[name] ?? 0) > 0 || (report.callbacks.find((m) => m.name === name)?.deadLetterWriteFailures ?? 0) > 0;
    const where = to === "spool" ? "left in the spool for the next start" : to === "dead_letters" ? "written to the dead letters" : "failed";
    const except = partly && to !== "none" ? " (not all of them: see the storage lines below)" : "";
    output.err(`drain timeout: callback ${name}: ${count} event(s) not delivered in time, ${where}${except}`);
  }
  const lost = undelivered(report.callbacks);
  if (lost > 0) output.err(`${lost} event(s) were not delivered during this run (see the summary)`);
  for (const line of storageSummary(report, config, { receiver: true })) output.err(line);
  return report.drained && lost === 0 && !storageFailed(report) ? 0 : 1;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: expected an integer from 0 to 65535, got "${text}"`);
  return port;
}
