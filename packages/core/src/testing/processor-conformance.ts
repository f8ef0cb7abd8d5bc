import { Ajv } from "ajv";
import type { ProcessorDefinition } from "../contracts/component-definition.js";
import type { Processor } from "../contracts/processor.js";
import type { EventType } from "../events/event-type.js";
import type { StandardLoggingPayload } from "../events/standard-logging-payload.js";
import { validateOptions } from "../registry/validate-options.js";
import { check, type ConformanceCheck } from "./conformance-check.js";
import { conformancePayloads } from "./conformance-payloads.js";
import { litellmPayloads } from "./litellm-payloads.js";

/** Options of {@link processorConformance}. */
export interface ProcessorConformanceOptions {
  /** Options to create the processor with (validated against its schema first). @default {} */
  readonly options?: Record<string, unknown>;
  /** More payloads to run it on, besides the suite's own. @default [] */
  readonly payloads?: readonly StandardLoggingPayload[];
}

type Output = StandardLoggingPayload | null;

const EVENT_TYPES: readonly EventType[] = ["llm_api_success", "llm_api_failure"];

/** Payloads a processor meets now and then: missing fields, nulls, strings where objects are usual. */
function oddPayloads(): StandardLoggingPayload[] {
  return [
    {},
    { id: "odd-id-only" },
    { id: "odd-null-metadata", metadata: null as never, messages: null, response: null },
    { id: "odd-string-messages", messages: "a plain prompt string", response: "a plain response string" },
    { id: "odd-shapes", messages: [null, 1, "x", { role: "user", content: null }], response: [] },
    { id: "odd-choices", response: { choices: [null, "x", { message: null }, { delta: { content: null } }, { text: null }] } },
    { id: "odd-output", response: { output: null, instructions: null, reasoning: null } },
    { id: "odd-nulls", metadata: { routing_decision: null }, request_tags: null as never, hidden_params: null as never, status: "failure" },
    { id: "odd-unicode", model: "模型-✓", messages: [{ role: "user", content: 'line 1\nline 2 "quoted" \u2028 🎉' }], brand_new_field: { nested: [1, 2] } },
  ];
}

/** Freezes `value` and everything reachable from it, so any write throws (ES modules are strict). */
function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** Where `value` stops being plain JSON (a path and why), or undefined when it is plain JSON. */
function nonJsonAt(value: unknown, path: string): string | undefined {
  if (value === null || typeof value === "string" || typeof value === "boolean") return undefined;
  if (typeof value === "number") return Number.isFinite(value) ? undefined : `${path} is ${String(value)}`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = nonJsonAt(value[i], `${path}[${i}]`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (typeof value === "object") {
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype !== Object.prototype && prototype !== null) return `${path} is not a plain object`;
    for (const [key, item] of Object.entries(value)) {
      const problem = nonJsonAt(item, `${path}.${key}`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  return `${path} is ${typeof value}`;
}

/**
 * The checks every processor passes, built-in or third-party: it is created with its declared
 * type; it never modifies its input (it runs on deep-frozen payloads, conformance and real
 * LiteLLM ones); it returns the very same object when it changes nothing, otherwise a plain JSON
 * payload or `null`; the same input gives the same output; odd payloads (missing fields, null
 * metadata, string messages) do not make it throw.
 *
 * @example
 * ```ts
 * import { processorConformance } from "@hookline/core/testing";
 * for (const c of processorConformance(myProcessorDefinition, { options: { rate: 0.5 } })) it(c.name, c.run);
 * ```
 */
export function processorConformance(definition: ProcessorDefinition<never>, settings: ProcessorConformanceOptions = {}): ConformanceCheck[] {
  const create = (): Processor => {
    const options = validateOptions(definition as never, { ...(settings.options ?? {}) });
    return (definition.create as (o: Record<string, unknown>, c: { callbackName: string }) => Processor)(options, { callbackName: "conformance" });
  };
  const inputs = (): StandardLoggingPayload[] => [
    ...conformancePayloads(10),
    ...Object.values(litellmPayloads()),
    ...oddPayloads(),
    ...(settings.payloads ?? []).map((payload) => structuredClone(payload)),
  ];
  /**
   * Runs `processor` on every input under both event types, wording any exception. Inputs are
   * deep-frozen, so a write throws; with `frozen: false` they are run as they are and their JSON
   * is compared before and after (which also catches a processor that swallows its TypeError).
   */
  const each = (processor: Processor, body: (input: StandardLoggingPayload, output: Output, where: string) => void, frozen = true): void => {
    inputs().forEach((input, index) => {
      for (const eventType of EVENT_TYPES) {
        const payload = frozen ? deepFreeze(input) : input;
        const where = `payload ${index} (id ${JSON.stringify(payload.id ?? null)}) as ${eventType}`;
        const before = frozen ? undefined : JSON.stringify(payload);
        let output: Output;
        try {
          output = processor.process(payload, { eventType });
        } catch (error) {
          throw new Error(`conformance: process threw on ${where}: ${error instanceof Error ? error.message : String(error)}`);
        }
        if (before !== undefined) check(JSON.stringify(payload) === before, `process modified its input on ${where}`);
        body(payload, output, where);
      }
    });
  };
  const outcome = (input: StandardLoggingPayload, output: Output): string =>
    output === null ? "dropped" : output === input ? "unchanged" : `changed to ${JSON.stringify(output)}`;

  return [
    {
      name: "is a processor definition of specification version 1 with a valid options schema",
      run() {
        check(definition.kind === "processor", `kind must be "processor", got ${String(definition.kind)}`);
        check(definition.specificationVersion === 1, "specificationVersion must be 1");
        check(typeof definition.type === "string" && definition.type.length > 0, "type must be a non-empty string");
        check(typeof definition.create === "function", "create must be a function");
        if (definition.optionsSchema !== undefined) new Ajv({ strict: false }).compile(definition.optionsSchema);
      },
    },
    {
      name: "creates a processor with its declared type",
      run() {
        const processor = create();
        check(processor.specificationVersion === 1, "the processor's specificationVersion must be 1");
        check(processor.type === definition.type, `the processor's type ${processor.type} must equal the definition's ${definition.type}`);
        check(typeof processor.process === "function", "process must be a function");
      },
    },
    {
      name: "never modifies its input (deep-frozen conformance, real LiteLLM and odd payloads)",
      run() {
        each(create(), () => {});
        each(create(), () => {}, false);
      },
    },
    {
      name: "returns the same object when it changes nothing, else a plain JSON payload or null, synchronously",
      run() {
        each(create(), (input, output, where) => {
          if (output === null || output === input) return;
          check(typeof output === "object" && !Array.isArray(output), `process must return its input, a new payload object or null on ${where}`);
          check(typeof (output as { then?: unknown }).then !== "function", `process must be synchronous (it returned a promise on ${where})`);
          const problem = nonJsonAt(output, "payload");
          check(problem === undefined, `the returned payload must be plain JSON on ${where}: ${problem ?? ""}`);
          check(JSON.stringify(output) !== JSON.stringify(input), `process returned a new object equal to its input on ${where}; return the input itself when nothing changes`);
        });
      },
    },
    {
      name: "is deterministic: the same input gives the same output, whatever ran before",
      run() {
        const shared = create();
        const first: string[] = [];
        each(shared, (input, output) => void first.push(outcome(input, output)));
        // The same processor again (state left by the first round must not matter), then a fresh one.
        for (const processor of [shared, create()]) {
          let i = 0;
          each(processor, (input, output, where) => {
            const expected = first[i++] ?? "";
            const actual = outcome(input, output);
            check(actual === expected, `different outputs for the same input on ${where}: ${expected.slice(0, 160)} / ${actual.slice(0, 160)}`);
          });
        }
      },
    },
    {
      name: "survives odd payloads: missing fields, null metadata, string messages",
      run() {
        const processor = create();
        for (const payload of oddPayloads().map(deepFreeze)) {
          for (const eventType of EVENT_TYPES) {
            try {
              processor.process(payload, { eventType });
            } catch (error) {
              throw new Error(`conformance: process threw on ${JSON.stringify(payload)}: ${error instanceof Error ? error.message : String(error)}`);
            }
          }
        }
      },
    },
  ];
}
