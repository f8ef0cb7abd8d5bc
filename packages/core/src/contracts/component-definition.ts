import type { Exporter } from "./exporter.js";
import type { Formatter } from "./formatter.js";
import type { Processor } from "./processor.js";
import type { Source } from "./source.js";

/** A JSON Schema (draft 2020-12 or draft-07) describing a component's options. */
export type JsonSchema = Record<string, unknown>;

/**
 * A formatter package's default export. Named in config by `type` (built-ins) or by its
 * package name (third-party).
 *
 * @example
 * ```ts
 * const definition: FormatterDefinition<{ pretty?: boolean }> = {
 *   kind: "formatter", specificationVersion: 1, type: "pretty_json",
 *   optionsSchema: { type: "object", properties: { pretty: { type: "boolean" } } },
 *   create: (options) => ({ specificationVersion: 1, type: "pretty_json", contentType: "application/json",
 *     encode: (events) => JSON.stringify(events.map((e) => e.payload), null, options.pretty ? 2 : 0) }),
 * };
 * ```
 */
export interface FormatterDefinition<Options = Record<string, unknown>> {
  readonly kind: "formatter";
  readonly specificationVersion: 1;
  readonly type: string;
  /** One-line description, shown in listings and errors. */
  readonly description?: string;
  /** JSON Schema of `Options`; validated before `create` is called. */
  readonly optionsSchema?: JsonSchema;
  create(options: Options): Formatter;
}

/** Context an exporter factory receives besides its options. */
export interface ExporterContext {
  /** The callback's name, for messages. */
  readonly callbackName: string;
  /**
   * The configuration's secrets (its environment values masked as `$NAME`, secret URL paths):
   * an exporter masks them in the reasons it returns, before its own.
   */
  readonly secrets?: import("../secrets/secret-scrubber.js").SecretScrubber;
}

/** An exporter package's default export. */
export interface ExporterDefinition<Options = Record<string, unknown>> {
  readonly kind: "exporter";
  readonly specificationVersion: 1;
  readonly type: string;
  readonly description?: string;
  readonly optionsSchema?: JsonSchema;
  create(options: Options, context: ExporterContext): Exporter;
}

/** Context a processor factory receives besides its options. */
export interface ProcessorContext {
  /** The callback's name, for messages. */
  readonly callbackName: string;
}

/** A processor package's default export. */
export interface ProcessorDefinition<Options = Record<string, unknown>> {
  readonly kind: "processor";
  readonly specificationVersion: 1;
  readonly type: string;
  readonly description?: string;
  readonly optionsSchema?: JsonSchema;
  create(options: Options, context: ProcessorContext): Processor;
}

/** Context a source factory receives besides its options. */
export interface SourceContext {
  /** Where the source reports problems that are not errors of one event (reconnecting, ...). */
  readonly onWarning?: (message: string) => void;
}

/** A source package's default export. */
export interface SourceDefinition<Options = Record<string, unknown>> {
  readonly kind: "source";
  readonly specificationVersion: 1;
  readonly type: string;
  readonly description?: string;
  readonly optionsSchema?: JsonSchema;
  create(options: Options, context: SourceContext): Source;
}

/** A formatter, exporter, processor or source definition. */
export type ComponentDefinition = FormatterDefinition<never> | ExporterDefinition<never> | ProcessorDefinition<never> | SourceDefinition<never>;
