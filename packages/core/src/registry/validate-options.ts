import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { Ajv2019 } from "ajv/dist/2019.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { ComponentDefinition } from "../contracts/component-definition.js";
import { HooklineError, type ConfigIssue } from "../errors/hookline-error.js";

const AJV_OPTIONS = { allErrors: true, useDefaults: true, strict: false } as const;
// One validator per JSON Schema dialect an options schema may declare with `$schema`; draft-07
// (and no `$schema`) is what TypeBox and most hand-written schemas are.
const dialects = {
  draft07: new Ajv(AJV_OPTIONS),
  draft2019: new Ajv2019(AJV_OPTIONS),
  draft2020: new Ajv2020(AJV_OPTIONS),
};
const compiled = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: Record<string, unknown>): Ajv {
  const dialect = typeof schema["$schema"] === "string" ? schema["$schema"] : "";
  if (dialect.includes("2020-12")) return dialects.draft2020;
  if (dialect.includes("2019-09")) return dialects.draft2019;
  return dialects.draft07;
}

/** Compiles a definition's schema once; a schema that does not compile is the definition's fault. */
function compile(definition: ComponentDefinition, schema: Record<string, unknown>): ValidateFunction {
  let validate = compiled.get(schema);
  if (validate) return validate;
  try {
    validate = validatorFor(schema).compile(schema);
  } catch (err) {
    throw new HooklineError(
      "ERR_COMPONENT_INVALID",
      `${definition.kind} "${definition.type}" has an options schema that does not compile (draft-07, 2019-09 and 2020-12 are supported): ${(err as Error).message}`,
    );
  }
  compiled.set(schema, validate);
  return validate;
}

/**
 * Checks `options` against the definition's JSON Schema (filling in schema defaults) and
 * returns them; throws `ERR_COMPONENT_OPTIONS_INVALID` with one issue per problem, located under
 * `path`.
 */
export function validateOptions<O extends Record<string, unknown>>(definition: ComponentDefinition, options: O, path = ""): O {
  const schema = definition.optionsSchema;
  if (!schema) return options;
  const validate = compile(definition, schema as Record<string, unknown>);
  const copy = structuredClone(options);
  if (validate(copy)) return copy;
  const issues = (validate.errors ?? []).map((error) => toIssue(error, path));
  throw new HooklineError(
    "ERR_COMPONENT_OPTIONS_INVALID",
    `invalid options for ${definition.kind} "${definition.type}":\n${issues.map((i) => `${i.path}: ${i.message}`).join("\n")}`,
    { issues },
  );
}

function toIssue(error: ErrorObject, base: string): ConfigIssue {
  const pointer = error.instancePath
    .split("/")
    .filter(Boolean)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (error.keyword === "additionalProperties") pointer.push(String((error.params as { additionalProperty: string }).additionalProperty));
  if (error.keyword === "required") pointer.push(String((error.params as { missingProperty: string }).missingProperty));
  const path = [base, ...pointer].filter(Boolean).join(".");
  const allowed = error.keyword === "enum" ? `; expected one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(", ")}` : "";
  const message = error.keyword === "additionalProperties" ? "unknown option" : `${error.message ?? "invalid"}${allowed}`;
  return { path, message };
}
