import { Type, defineProcessor } from "@hookline/core";
import type { Processor, StandardLoggingPayload } from "@hookline/core";
import { Environment } from "@marcbachmann/cel-js";
import { optionsError } from "./options-error.js";

/** Options of the `filter` processor. */
export interface FilterOptions {
  /** A CEL expression; the events for which it is `true` are kept. */
  readonly expression: string;
}

/** Hooks of {@link createFilter}, for callers that count or log evaluation errors. */
export interface FilterHooks {
  /** Called for each event whose evaluation failed (the event is dropped). Must not throw. */
  readonly onEvaluationError?: (error: Error, payload: StandardLoggingPayload) => void;
}

/** A `filter` processor: a {@link Processor} that also counts its evaluation errors. */
export interface FilterProcessor extends Processor {
  /** How many events were dropped because the expression failed on them (not counted as `false`). */
  readonly evaluationErrors: number;
}

/**
 * The expression's variables: the payload's top-level fields, `null` for the ones it lacks, and
 * `event_type`. One instance serves every evaluation of a processor (evaluation is synchronous),
 * so evaluating builds no object per event.
 */
class PayloadVariables extends Map<string, unknown> {
  payload: StandardLoggingPayload = {};
  eventType = "";

  override get(name: string): unknown {
    if (name === "event_type") return this.eventType;
    const value = Object.hasOwn(this.payload, name) ? this.payload[name] : undefined;
    return value === undefined ? null : value;
  }
}

const environment = new Environment({ unlistedVariablesAreDyn: true, enableOptionalTypes: true, homogeneousAggregateLiterals: false });

interface CelProblem {
  readonly summary?: string;
  readonly message: string;
  readonly range?: { start: number };
}

function describeProblem(kind: string, error: CelProblem, expression: string): string {
  const at = error.range ? ` at column ${error.range.start + 1}` : "";
  return `CEL ${kind}${at}: ${error.summary ?? error.message.split("\n")[0]} (in ${JSON.stringify(expression)})`;
}

/**
 * Compiles `expression` once and returns a processor that keeps the events for which it is
 * `true`. An expression that fails on an event (a missing key read without `has()`, a type
 * mismatch) or gives anything but a bool drops the event, counts it in `evaluationErrors` and
 * calls `onEvaluationError`.
 *
 * @throws HooklineError (`ERR_COMPONENT_OPTIONS_INVALID`) naming `expression` for a syntax or type error.
 */
export function createFilter(options: FilterOptions, hooks: FilterHooks = {}): FilterProcessor {
  const { expression } = options;
  let evaluate: (variables: Map<string, unknown>) => unknown;
  try {
    evaluate = environment.parse(expression);
  } catch (error) {
    throw optionsError("filter", "expression", describeProblem("syntax error", error as CelProblem, expression));
  }
  const checked = (evaluate as unknown as { check(): { valid: boolean; type?: unknown; error?: CelProblem } }).check();
  if (!checked.valid) throw optionsError("filter", "expression", describeProblem("type error", checked.error ?? { message: "invalid" }, expression));
  const type = String(checked.type);
  if (type !== "bool" && type !== "dyn") throw optionsError("filter", "expression", `the expression gives ${type}, expected a bool (in ${JSON.stringify(expression)})`);

  const variables = new PayloadVariables();
  let evaluationErrors = 0;
  const failed = (error: Error, payload: StandardLoggingPayload): null => {
    evaluationErrors++;
    hooks.onEvaluationError?.(error, payload);
    return null;
  };
  return {
    specificationVersion: 1,
    type: "filter",
    get evaluationErrors() {
      return evaluationErrors;
    },
    process(payload, context) {
      variables.payload = payload;
      variables.eventType = context.eventType;
      let result: unknown;
      try {
        result = evaluate(variables);
      } catch (error) {
        return failed(error instanceof Error ? error : new Error(String(error)), payload);
      } finally {
        variables.payload = {};
      }
      if (typeof result !== "boolean") return failed(new Error(`the expression gave ${typeof result}, not a bool`), payload);
      return result ? payload : null;
    },
  };
}

/** Definition of the `filter` processor: keeps the events for which a CEL expression is true. */
export const filterProcessor = defineProcessor({
  type: "filter",
  description: "Keeps the events for which a CEL expression is true (variables: the payload's top-level fields and event_type)",
  options: Type.Object(
    {
      expression: Type.String({ minLength: 1, description: 'CEL expression, e.g. metadata.user_api_key_team_id == "team-a"' }),
    },
    { additionalProperties: false },
  ),
  create: (options) => createFilter(options),
});
