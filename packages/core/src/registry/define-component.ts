import type { Static, TSchema } from "@sinclair/typebox";
import type {
  ExporterContext,
  ExporterDefinition,
  FormatterDefinition,
  JsonSchema,
  ProcessorContext,
  ProcessorDefinition,
  SourceContext,
  SourceDefinition,
} from "../contracts/component-definition.js";
import type { Exporter } from "../contracts/exporter.js";
import type { Formatter } from "../contracts/formatter.js";
import type { Processor } from "../contracts/processor.js";
import type { Source } from "../contracts/source.js";
import { HooklineError } from "../errors/hookline-error.js";
import { componentNameProblem } from "./component-name.js";

/** A component made by a factory: the helper adds `type` and `specificationVersion`. */
type Made<T> = Omit<T, "type" | "specificationVersion">;

/** The options of a component whose schema is `S` (`{}` without a schema). */
export type OptionsOf<S> = S extends TSchema ? Static<S> : Record<string, never>;

/** What a `define*` helper takes: the name once, an options schema, a factory. */
export interface ComponentSpec<S extends TSchema | undefined, Context, Instance> {
  /** The type name config files use (snake_case), stated once: instances get it too. */
  readonly type: string;
  /** One-line description, shown in listings and errors. */
  readonly description?: string;
  /**
   * The options' schema: a TypeBox schema (`Type.Object({...})`), which is a JSON Schema the
   * registry validates against, and from which the options' TypeScript type is inferred.
   * Without one the component takes no options.
   */
  readonly options?: S;
  create(options: OptionsOf<S>, context: Context): Made<Instance>;
}

const NO_OPTIONS: JsonSchema = { type: "object", properties: {}, additionalProperties: false };

function checkName(kind: string, type: string): void {
  const problem = componentNameProblem(type);
  if (problem !== undefined) throw new HooklineError("ERR_COMPONENT_INVALID", `${kind} type "${type}": ${problem}`);
}

/** Stamps the name and specification version on what a factory made, keeping its prototype. */
function stamp<T extends object>(made: T, type: string): T & { readonly type: string; readonly specificationVersion: 1 } {
  const extra = { type, specificationVersion: 1 as const };
  if (Object.isExtensible(made)) return Object.assign(made, extra);
  return { ...made, ...extra };
}

/**
 * Defines a formatter: the name stated once, option types inferred from the schema.
 *
 * @example
 * ```ts
 * import { Type, defineFormatter } from "@hookline/core";
 * export default defineFormatter({
 *   type: "pretty_json",
 *   options: Type.Object({ indent: Type.Integer({ minimum: 0, default: 2 }) }),
 *   create: ({ indent }) => ({ contentType: "application/json", encode: (events) => JSON.stringify(events.map((e) => e.payload), null, indent) }),
 * });
 * ```
 */
export function defineFormatter<S extends TSchema | undefined = undefined>(
  spec: ComponentSpec<S, undefined, Formatter>,
): FormatterDefinition<OptionsOf<S>> {
  checkName("formatter", spec.type);
  return {
    kind: "formatter",
    specificationVersion: 1,
    type: spec.type,
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    optionsSchema: (spec.options as JsonSchema | undefined) ?? NO_OPTIONS,
    create: (options) => stamp(spec.create(options, undefined), spec.type),
  };
}

/**
 * Defines an exporter: one attempt per `export()`; retries, timeouts, splitting and queueing
 * are done around it.
 *
 * @example
 * ```ts
 * export default defineExporter({
 *   type: "stdout",
 *   create: () => ({ export: async ({ body }) => (process.stdout.write(body), { kind: "success" }) }),
 * });
 * ```
 */
export function defineExporter<S extends TSchema | undefined = undefined>(
  spec: ComponentSpec<S, ExporterContext, Exporter>,
): ExporterDefinition<OptionsOf<S>> {
  checkName("exporter", spec.type);
  return {
    kind: "exporter",
    specificationVersion: 1,
    type: spec.type,
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    optionsSchema: (spec.options as JsonSchema | undefined) ?? NO_OPTIONS,
    create: (options, context) => stamp(spec.create(options, context), spec.type),
  };
}

/**
 * Defines a processor: pure, synchronous and copy-on-write (see {@link Processor}).
 *
 * @example
 * ```ts
 * export default defineProcessor({
 *   type: "drop_embeddings",
 *   create: () => ({ process: (payload) => (payload.call_type === "aembedding" ? null : payload) }),
 * });
 * ```
 */
export function defineProcessor<S extends TSchema | undefined = undefined>(
  spec: ComponentSpec<S, ProcessorContext, Processor>,
): ProcessorDefinition<OptionsOf<S>> {
  checkName("processor", spec.type);
  return {
    kind: "processor",
    specificationVersion: 1,
    type: spec.type,
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    optionsSchema: (spec.options as JsonSchema | undefined) ?? NO_OPTIONS,
    create: (options, context) => stamp(spec.create(options, context), spec.type),
  };
}

/**
 * Defines a source: it pushes events into a pipeline and acknowledges them where they came from
 * once they settle (see {@link Source}).
 *
 * @example
 * ```ts
 * export default defineSource({
 *   type: "interval",
 *   options: Type.Object({ everyMs: Type.Integer({ minimum: 1 }) }),
 *   create: ({ everyMs }) => {
 *     let timer: NodeJS.Timeout | undefined;
 *     return {
 *       start: async (sink) => void (timer = setInterval(() => sink.offer([createLogEvent({ id: String(Date.now()) })]), everyMs)),
 *       stop: async () => clearInterval(timer),
 *     };
 *   },
 * });
 * ```
 */
export function defineSource<S extends TSchema | undefined = undefined>(spec: ComponentSpec<S, SourceContext, Source>): SourceDefinition<OptionsOf<S>> {
  checkName("source", spec.type);
  return {
    kind: "source",
    specificationVersion: 1,
    type: spec.type,
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    optionsSchema: (spec.options as JsonSchema | undefined) ?? NO_OPTIONS,
    create: (options, context) => stamp(spec.create(options, context), spec.type),
  };
}
