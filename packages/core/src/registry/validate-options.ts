import { Ajv, type ErrorObject } from "ajv";
import type { ComponentDefinition } from "../contracts/component-definition.js";
import { HooklineError, type ConfigIssue } from "../errors/hookline-error.js";

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
const compiled = new WeakMap<object, ReturnType<typeof ajv.compile>>();

/**
 * Checks `options` against the definition's JSON Schema (filling in schema defaults) and
 * returns them; throws `ERR_COMPONENT_OPTIONS_INVALID` with one issue per problem, located under
 * `path`.
 */
export function validateOptions<O extends Record<string, unknown>>(definition: ComponentDefinition, options: O, path = ""): O {
  const schema = definition.optionsSchema;
  if (!schema) return options;
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
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
