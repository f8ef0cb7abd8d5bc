import { describe, expect, it } from "vitest";
import type { ProcessorDefinition } from "../contracts/component-definition.js";
import type { Processor } from "../contracts/processor.js";
import type { StandardLoggingPayload } from "../events/standard-logging-payload.js";
import { litellmPayloads } from "./litellm-payloads.js";
import { processorConformance } from "./processor-conformance.js";

const failures = (checks: { name: string; run(): void | Promise<void> }[]): Record<string, string> => {
  const failed: Record<string, string> = {};
  for (const c of checks) {
    try {
      void c.run();
    } catch (error) {
      failed[c.name] = (error as Error).message;
    }
  }
  return failed;
};

const definitionOf = (process: Processor["process"], type = "probe"): ProcessorDefinition<never> => ({
  kind: "processor",
  specificationVersion: 1,
  type: "probe",
  create: () => ({ specificationVersion: 1, type, process }),
});

const NAMES = {
  created: "creates a processor with its declared type",
  pure: "never modifies its input (deep-frozen conformance, real LiteLLM and odd payloads)",
  same: "returns the same object when it changes nothing, else a plain JSON payload or null, synchronously",
  deterministic: "is deterministic: the same input gives the same output, whatever ran before",
  odd: "survives odd payloads: missing fields, null metadata, string messages",
};

describe("processorConformance", () => {
  it("passes a processor that keeps, changes by copy, or drops", () => {
    const good = definitionOf((payload) =>
      payload.status === "failure" ? null : payload.model === "gpt-4o" ? { ...payload, model: "gpt-4o-2024" } : payload,
    );
    expect(failures(processorConformance(good))).toEqual({});
  });

  it("fails a processor that writes to its input, even one that swallows the TypeError", () => {
    const writer = definitionOf((payload) => {
      try {
        payload["touched"] = true;
      } catch {
        // a frozen payload: carry on as if nothing happened
      }
      return payload;
    });
    const failed = failures(processorConformance(writer));
    expect(Object.keys(failed)).toEqual([NAMES.pure]);
    expect(failed[NAMES.pure]).toMatch(/process modified its input on payload 0 \(id "conf-0"\) as llm_api_success/);
    const thrower = definitionOf((payload) => {
      (payload.metadata as Record<string, unknown> | undefined ?? {})["x"] = 1;
      return payload;
    });
    expect(failures(processorConformance(thrower))[NAMES.pure]).toMatch(/process threw on payload 0 .*read only|not extensible/);
  });

  it("fails a processor that returns an equal copy, a non-JSON payload, an array or a promise", () => {
    const reason = (process: Processor["process"]) => failures(processorConformance(definitionOf(process)))[NAMES.same];
    expect(reason((payload) => ({ ...payload }))).toMatch(/a new object equal to its input/);
    expect(reason((payload) => ({ ...payload, at: new Date(0) }) as never)).toMatch(/payload\.at is not a plain object/);
    expect(reason((payload) => ({ ...payload, cost: Number.NaN }))).toMatch(/payload\.cost is NaN/);
    expect(reason(() => [] as never)).toMatch(/its input, a new payload object or null/);
    expect(reason((payload) => Promise.resolve(payload) as never)).toMatch(/synchronous/);
  });

  it("fails a processor whose output depends on what ran before", () => {
    let calls = 0;
    const flaky = definitionOf((payload) => (calls++ % 3 === 0 ? null : payload));
    expect(failures(processorConformance(flaky))[NAMES.deterministic]).toMatch(/different outputs for the same input/);
    // State kept per instance: a fresh instance repeats the first round, the same one does not.
    const firstDropped: ProcessorDefinition<never> = {
      kind: "processor",
      specificationVersion: 1,
      type: "probe",
      create: () => {
        let seen = 0;
        return { specificationVersion: 1, type: "probe", process: (payload) => (seen++ === 0 ? null : payload) };
      },
    };
    expect(failures(processorConformance(firstDropped))[NAMES.deterministic]).toMatch(/on payload 0 \(id "conf-0"\) as llm_api_success: dropped \/ unchanged/);
  });

  it("fails a processor that throws on odd payloads", () => {
    const fragile = definitionOf((payload) => (Object.keys(payload.metadata!).length > 100 ? null : payload));
    const failed = failures(processorConformance(fragile));
    expect(failed[NAMES.odd]).toMatch(/process threw on \{\}/);
    const strings = definitionOf((payload) => (Array.isArray(payload.messages) && payload.messages.map((m) => (m as { role: string }).role) ? payload : payload));
    expect(failures(processorConformance(strings))[NAMES.odd]).toMatch(/process threw on .*odd-shapes/);
    // The other checks run on odd payloads too.
    const oddWriter = definitionOf((payload) => {
      if (payload.id === "odd-id-only") (payload as Record<string, unknown>)["x"] = 1;
      return payload;
    });
    expect(failures(processorConformance(oddWriter))[NAMES.pure]).toMatch(/id "odd-id-only"/);
  });

  it("fails a processor whose instances carry another type", () => {
    expect(failures(processorConformance(definitionOf((payload) => payload, "other")))[NAMES.created]).toMatch(/type other must equal the definition's probe/);
  });

  it("runs on the extra payloads it is given, and litellmPayloads gives fresh real payloads", () => {
    const picky = definitionOf((payload) => (payload.id === "extra" ? ({ ...payload, x: undefined } as StandardLoggingPayload) : payload));
    expect(failures(processorConformance(picky))).toEqual({});
    expect(failures(processorConformance(picky, { payloads: [{ id: "extra" }] }))[NAMES.same]).toMatch(/payload\.x is undefined/);
    const a = litellmPayloads();
    const b = litellmPayloads();
    expect(a.chat).not.toBe(b.chat);
    expect(a.chat).toEqual(b.chat);
    expect(Object.keys(a)).toEqual(["chat", "streamed", "embedding", "text_completion", "rate_limit_failure", "proxy_failure"]);
    expect(a.rate_limit_failure.status).toBe("failure");
    expect(a.streamed.stream).toBe(true);
  });
});
