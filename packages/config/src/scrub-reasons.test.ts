import { describe, expect, it } from "vitest";
import { HooklineError, SecretScrubber, createPipeline, createRegistry, eventJson, type DeliveryReport, type Exporter, type ExporterDefinition, type Formatter, type FormatterDefinition } from "@hookline/core";
import type { CallbackConfig } from "./callback-config.js";
import { callbacksFromConfig } from "./callbacks-from-config.js";

const lines: Formatter = { specificationVersion: 1, type: "lines", contentType: "text/plain", encode: (events) => events.map(eventJson).join("\n") };
const SECRET = "sk-echoed-secret-1";

/** An exporter (a third-party one, say) that quotes its configured header back in every reason. */
const echoing: ExporterDefinition<{ url: string; headers: Record<string, string> }> = {
  kind: "exporter",
  specificationVersion: 1,
  type: "echoing",
  create: (options): Exporter => ({
    specificationVersion: 1,
    type: "echoing",
    export: async () => ({ kind: "failure", status: 401, reason: `refused key ${options.headers["X-Key"] ?? ""} at ${options.url}` }),
  }),
};
const linesDefinition: FormatterDefinition = { kind: "formatter", specificationVersion: 1, type: "lines", create: () => lines };

const callback = (overrides: Partial<CallbackConfig> = {}): CallbackConfig => ({
  name: "api",
  origin: "callback_settings",
  path: "callback_settings.api",
  endpoint: "https://logs.example.com/v1?token=tok-in-query",
  method: "POST",
  headers: { "X-Key": SECRET },
  logFormat: "lines",
  formatOptions: {},
  exporter: "echoing",
  batchSize: 1,
  flushIntervalMs: 1000,
  maxRetries: 0,
  retryDelayMs: 1,
  maxRetryDelayMs: 1,
  maxRetryAfterMs: 60_000,
  maxRetryElapsedMs: 1000,
  timeoutMs: 1000,
  maxConcurrency: 1,
  maxQueueEvents: 10,
  queueFullPolicy: "drop_oldest",
  compression: "none",
  ...overrides,
});

/** Runs one event through the callback; returns what left the branch. */
async function failOne(config: CallbackConfig, secrets?: SecretScrubber) {
  const registry = createRegistry([echoing, linesDefinition]);
  const reports: DeliveryReport[] = [];
  const written: string[] = [];
  const [options] = await callbacksFromConfig([config], registry, { ...(secrets ? { secrets } : {}), onUndelivered: (report) => reports.push(report) });
  const pipeline = createPipeline({
    callbacks: [{ ...options!, deadLetters: { write: async (report) => (written.push(report.reason ?? ""), 1), close: async () => {} } }],
  });
  pipeline.log({ id: "a", status: "success" });
  const { callbacks } = await pipeline.shutdown();
  return { reasons: reports.map((r) => r.reason), written, lastError: callbacks[0]?.lastError };
}

describe("reasons leave a callback scrubbed", () => {
  it("a reason an exporter quotes a header value in is scrubbed in onUndelivered, lastError and the dead letters", async () => {
    const { reasons, written, lastError } = await failOne(callback());
    for (const text of [...reasons, ...written, lastError]) {
      expect(text).toBe("refused key [redacted] at https://logs.example.com/v1?[redacted]");
    }
  });

  it("the config's secrets, when given, mask with their names", async () => {
    const secrets = new SecretScrubber().add(SECRET, "$API_KEY");
    const { lastError } = await failOne(callback(), secrets);
    expect(lastError).toBe("refused key $API_KEY at https://logs.example.com/v1?token=tok-in-query");
  });

  it("errors building a callback are scrubbed, issues included", async () => {
    const secrets = new SecretScrubber().add("sk-wrong-variable", "$WRONG");
    const failed = await callbacksFromConfig([callback({ exporter: "sk-wrong-variable" })], createRegistry([echoing, linesDefinition]), { secrets }).catch((err: unknown) => err);
    expect(HooklineError.is(failed)).toBe(true);
    expect((failed as HooklineError).message).toContain('unknown exporter "$WRONG"');
    expect((failed as HooklineError).message).not.toContain("sk-wrong-variable");
  });
});
