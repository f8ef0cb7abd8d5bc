import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { resolve as resolveModule } from "import-meta-resolve";
import type {
  ComponentDefinition,
  ExporterContext,
  ExporterDefinition,
  FormatterDefinition,
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
import { isPackageName } from "./component-name.js";
import { validateOptions } from "./validate-options.js";

type Kind = ComponentDefinition["kind"];
type Loader = () => Promise<ComponentDefinition> | ComponentDefinition;

/** Options of {@link createRegistry}. */
export interface RegistryOptions {
  /** Directories third-party packages are resolved from, in order. @default [process.cwd()] */
  readonly resolveFrom?: readonly string[];
}

/**
 * Maps component type names to definitions. Built-ins are registered by type; a name that is not
 * registered and looks like an npm package name is imported lazily, the first time it is used.
 */
export interface ComponentRegistry {
  /** Registers a definition, or a loader that imports it on first use. */
  register(definition: ComponentDefinition): void;
  registerLazy(kind: Kind, type: string, load: Loader): void;
  /** Registered type names of a kind. */
  types(kind: Kind): string[];
  /** Creates a formatter; `path` locates the options in config for error messages. */
  formatter(type: string, options?: Record<string, unknown>, path?: string): Promise<Formatter>;
  /** Creates an exporter. */
  exporter(type: string, options: Record<string, unknown>, context: ExporterContext, path?: string): Promise<Exporter>;
  /** Creates a processor. */
  processor(type: string, options: Record<string, unknown>, context: ProcessorContext, path?: string): Promise<Processor>;
  /** Creates a source. */
  source(type: string, options: Record<string, unknown>, context: SourceContext, path?: string): Promise<Source>;
}


/**
 * Creates a registry holding `definitions`.
 *
 * @example
 * ```ts
 * const registry = createRegistry([...builtinFormatters, ...builtinExporters]);
 * const formatter = await registry.formatter("ndjson");
 * ```
 */
export function createRegistry(definitions: readonly ComponentDefinition[] = [], options: RegistryOptions = {}): ComponentRegistry {
  const loaders = new Map<string, Loader>();
  const key = (kind: Kind, type: string) => `${kind}:${type}`;
  const resolveFrom = options.resolveFrom ?? [process.cwd()];

  const load = async (kind: Kind, type: string, path: string | undefined): Promise<ComponentDefinition> => {
    const loader = loaders.get(key(kind, type));
    const definition = loader ? await loader() : isPackageName(type) ? await importPackage(kind, type, resolveFrom, known(kind), path) : undefined;
    if (!definition) throw unknownComponent(kind, type, known(kind), path);
    if (definition.kind !== kind) {
      throw new HooklineError("ERR_UNKNOWN_COMPONENT", `${where(path)}"${type}" is a ${definition.kind}, not a ${kind}`);
    }
    loaders.set(key(kind, type), () => definition);
    return definition;
  };

  const known = (kind: Kind): string[] =>
    [...loaders.keys()].filter((k) => k.startsWith(`${kind}:`)).map((k) => k.slice(kind.length + 1)).sort();

  const registry: ComponentRegistry = {
    register(definition) {
      loaders.set(key(definition.kind, definition.type), () => definition);
    },
    registerLazy(kind, type, loader) {
      loaders.set(key(kind, type), loader);
    },
    types: known,
    async formatter(type, options = {}, path) {
      const definition = (await load("formatter", type, path)) as FormatterDefinition<Record<string, unknown>>;
      return definition.create(validateOptions(definition, options, path));
    },
    async exporter(type, options, context, path) {
      const definition = (await load("exporter", type, path)) as ExporterDefinition<Record<string, unknown>>;
      return definition.create(validateOptions(definition, options, path), context);
    },
    async processor(type, options, context, path) {
      const definition = (await load("processor", type, path)) as ProcessorDefinition<Record<string, unknown>>;
      return definition.create(validateOptions(definition, options, path), context);
    },
    async source(type, options, context, path) {
      const definition = (await load("source", type, path)) as SourceDefinition<Record<string, unknown>>;
      return definition.create(validateOptions(definition, options, path), context);
    },
  };
  for (const definition of definitions) registry.register(definition);
  return registry;
}

async function importPackage(kind: Kind, name: string, resolveFrom: readonly string[], knownTypes: string[], path: string | undefined): Promise<ComponentDefinition> {
  // Resolved as `import` resolves it (the "import" and "node" conditions of `exports`), so a
  // package that is ESM only, `"exports": { "import": ... }`, is found as well as a dual one.
  let resolved: string | undefined;
  for (const dir of resolveFrom) {
    try {
      resolved = resolveModule(name, pathToFileURL(join(dir, "noop.js")).href);
      break;
    } catch {
      // try the next directory
    }
  }
  if (resolved === undefined) {
    throw new HooklineError(
      "ERR_UNKNOWN_COMPONENT",
      `${where(path)}${kind} package "${name}" is not installed; install it with \`npm install ${name}\` (known ${kind}s: ${knownTypes.join(", ")})`,
    );
  }
  const module = (await import(resolved)) as { default?: unknown };
  const definition = module.default as ComponentDefinition | undefined;
  if (!definition || typeof definition !== "object" || definition.specificationVersion !== 1 || typeof definition.create !== "function") {
    throw new HooklineError(
      "ERR_UNKNOWN_COMPONENT",
      `${where(path)}package "${name}" does not export a hookline ${kind} definition ({ kind, specificationVersion: 1, type, create }) as its default export`,
    );
  }
  return definition;
}

function unknownComponent(kind: Kind, type: string, knownTypes: string[], path: string | undefined): HooklineError {
  return new HooklineError(
    "ERR_UNKNOWN_COMPONENT",
    `${where(path)}unknown ${kind} "${type}"; expected one of ${knownTypes.join(", ")}, or the name of an installed ${kind} package (e.g. @acme/hookline-${kind}-x)`,
  );
}

function where(path: string | undefined): string {
  return path ? `${path}: ` : "";
}
