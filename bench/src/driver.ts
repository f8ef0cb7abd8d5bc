/**
 * One driver run, in its own process:
 *
 *   node --expose-gc bench/dist/driver.js '<DriverSpec JSON>'
 *
 * Pre-generates the events, measures, and prints `BENCH_RESULT <DriverResult JSON>` as its last
 * stdout line. Peer libraries are imported only by the driver that uses them.
 */
import type { StandardLoggingPayload } from "@hookline/core";
import { generateEvents } from "./generator.js";
import { emitResult, eventCount, measureInProcess, type Subject } from "./harness.js";
import type { DriverResult, DriverSpec } from "./types.js";

async function run(spec: DriverSpec): Promise<DriverResult> {
  if (spec.phase === "memory") return (await import("./drivers/memory.js")).runMemory(spec);
  const relay = await import("./drivers/relay.js");
  if (relay.isRelayDriver(spec.driver)) return relay.runRelay(spec);

  const events = generateEvents(eventCount(spec), spec.seed);
  // Warm-up events come from another seed, so their ids never collide with the measured ones.
  // Made when the warm-up starts and dropped after it, so they are not in the measured heap.
  const warmup = (): StandardLoggingPayload[] => generateEvents(spec.warmup, spec.seed + 1);
  const measure = <T>(make: (s: DriverSpec) => Subject<T>, measured: readonly T[], warm: () => readonly T[]) =>
    measureInProcess(spec, (runId) => make({ ...spec, runId }), measured, warm);
  switch (spec.driver) {
    case "idle":
      // The same pacing, logging nowhere: the machine's own event-loop delay.
      return measure(() => ({ paths: [], hasFlush: true, log: () => {}, finish: async () => {}, notes: ["logs nowhere: the event-loop delay of pacing alone"] }), events, warmup);
    case "limit-preserialized": {
      const { limitSubject } = await import("./drivers/limit.js");
      // Serialized here, before any timing starts: this variant measures transport only.
      const json = events.map((e) => JSON.stringify(e));
      events.length = 0;
      return measure((s) => limitSubject(s) as Subject<string>, json, () => warmup().map((e) => JSON.stringify(e)));
    }
    case "limit-serialize": {
      const { limitSubject } = await import("./drivers/limit.js");
      return measure((s) => limitSubject(s) as Subject<StandardLoggingPayload>, events, warmup);
    }
    case "hookline-ndjson":
    case "hookline-json_array":
    case "hookline-single": {
      const { hooklineSubject } = await import("./drivers/hookline.js");
      return measure(hooklineSubject, events, warmup);
    }
    case "hookline-ndjson-redact":
    case "hookline-ndjson-mask": {
      const { hooklineSubject } = await import("./drivers/hookline.js");
      const { benchProcessor } = await import("./bench-processor.js");
      const processor = await benchProcessor(spec.driver === "hookline-ndjson-redact" ? "redact" : "mask");
      return measure((s) => hooklineSubject(s, { processors: [processor] }), events, warmup);
    }
    default:
      throw new Error(`driver ${spec.driver} has no in-process runner`);
    case "otel": {
      const { otelSubject } = await import("./drivers/otel.js");
      return measure(otelSubject, events, warmup);
    }
    case "winston": {
      const { winstonSubject } = await import("./drivers/winston.js");
      return measure(winstonSubject, events, warmup);
    }
    case "pino": {
      const { pinoSubject } = await import("./drivers/pino.js");
      return measure(pinoSubject, events, warmup);
    }
  }
}

const argument = process.argv[2];
if (!argument) {
  process.stderr.write("usage: node --expose-gc bench/dist/driver.js '<DriverSpec JSON>'\n");
  process.exit(2);
}
// A hard stop so a wedged library can never keep a driver alive past its budget.
const spec = JSON.parse(argument) as DriverSpec;
setTimeout(() => {
  process.stderr.write(`driver ${spec.driver} exceeded ${spec.timeoutMs + 30_000} ms; exiting\n`);
  process.exit(3);
}, spec.timeoutMs + 30_000).unref();

run(spec).then(emitResult, (error: unknown) => {
  process.stderr.write(`driver ${spec.driver} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
