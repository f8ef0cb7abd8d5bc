import { describe, expect, it } from "vitest";
import type { ExporterDefinition, FormatterDefinition } from "../contracts/component-definition.js";
import { eventJson } from "../events/log-event.js";
import { exporterConformance } from "./exporter-conformance.js";
import { formatterConformance } from "./formatter-conformance.js";

const failures = async (checks: { name: string; run(): void | Promise<void> }[]) => {
  const failed: string[] = [];
  for (const c of checks) {
    try {
      await c.run();
    } catch {
      failed.push(c.name);
    }
  }
  return failed;
};

describe("conformance suites catch broken components", () => {
  it("a formatter that mutates payloads, keeps state and returns a promise fails", async () => {
    let calls = 0;
    const broken: FormatterDefinition<Record<string, never>> = {
      kind: "formatter",
      specificationVersion: 1,
      type: "broken",
      create: () => ({
        specificationVersion: 1,
        type: "other",
        contentType: "json",
        encode: (events) => {
          calls += 1;
          for (const e of events) e.payload["touched"] = calls;
          return events.map(eventJson).join(",");
        },
      }),
    };
    expect(await failures(formatterConformance(broken as never, { decodeIds: () => [] }))).toEqual([
      "creates a formatter with its declared type and a content type",
      "is pure: the same events give the same body, and events are not modified",
      "keeps unicode, line breaks and unknown fields intact",
      "round-trips the ids of every event, in order (when decodeIds is given)",
    ]);
  });

  it("an exporter that throws and ignores statuses fails", async () => {
    const broken: ExporterDefinition<{ url: string }> = {
      kind: "exporter",
      specificationVersion: 1,
      type: "broken",
      create: (options) => ({
        specificationVersion: 1,
        type: "broken",
        export: async () => {
          const res = await fetch(options.url, { method: "POST", body: "x" }).catch((err: unknown) => {
            throw new Error(`failed for ${options.url}: ${String(err)}`);
          });
          await res.text();
          return { kind: "success" };
        },
      }),
    };
    const failed = await failures(exporterConformance(broken as never, { optionsFor: (url) => ({ url }) }));
    expect(failed).toEqual([
      "503 and 429 are retryable, with Retry-After in milliseconds, and reasons hold no secret",
      "other 4xx are failures, with their status, and reasons hold no secret",
      "an unreachable endpoint is retryable, never a rejected promise",
      "an aborted signal ends the attempt promptly as a non-success",
    ]);
  });
});
