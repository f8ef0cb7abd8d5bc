import { readFileSync } from "node:fs";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import type { ConfigIssue } from "@hookline/core";

let validator: ValidateFunction | undefined;

/** The shipped JSON Schema, compiled once. */
function compiled(): ValidateFunction {
  if (validator === undefined) {
    const url = new URL("../generic_api_compatible_callbacks.schema.json", import.meta.url);
    validator = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(url, "utf8")) as Record<string, unknown>);
  }
  return validator;
}

function pointerParts(pointer: string): string[] {
  return pointer
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** `/rubrik/headers/X~1Y` -> `rubrik.headers.X/Y`; list items as `[n]`. */
function jsonPath(pointer: string): string {
  return pointerParts(pointer).reduce(
    (path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path === "" ? part : `${path}.${part}`),
    "",
  );
}

/** The value a JSON pointer designates (preset files hold templates, not secrets, so it may be shown). */
function valueAt(data: unknown, pointer: string): unknown {
  return pointerParts(pointer).reduce<unknown>(
    (value, part) => (typeof value === "object" && value !== null ? (value as Record<string, unknown>)[part] : undefined),
    data,
  );
}

/** Words for the schema's patterns. */
const PATTERN_NAMES: Readonly<Record<string, string>> = {
  "^https?://": "an http(s) URL",
  "^\\d{4}-\\d{2}-\\d{2}$": "a date as YYYY-MM-DD",
};

function toIssue(error: ErrorObject, data: unknown, file: string): ConfigIssue {
  let path = jsonPath(error.instancePath);
  let message = error.message ?? "is invalid";
  const params = error.params as Record<string, unknown>;
  if (error.keyword === "required") {
    path = path === "" ? String(params["missingProperty"]) : `${path}.${String(params["missingProperty"])}`;
    message = "is required";
  } else if (error.keyword === "enum") {
    message = `expected one of ${(params["allowedValues"] as unknown[]).join(", ")}; got ${JSON.stringify(valueAt(data, error.instancePath))}`;
  } else if (error.keyword === "minimum" || error.keyword === "exclusiveMinimum") {
    message = `expected a number ${String(params["comparison"])} ${String(params["limit"])}; got ${JSON.stringify(valueAt(data, error.instancePath))}`;
  } else if (error.keyword === "pattern") {
    const pattern = String(params["pattern"]);
    const expected = PATTERN_NAMES[pattern] ?? `text matching /${pattern}/`;
    message = `expected ${expected}; got ${JSON.stringify(valueAt(data, error.instancePath))}`;
  } else if (error.keyword === "type") {
    message = `expected ${String(params["type"])}`;
  } else if (error.keyword === "propertyNames") {
    path = path === "" ? String(params["propertyName"]) : `${path}.${String(params["propertyName"])}`;
    message = "is not a valid name";
  } else if (error.keyword === "additionalProperties") {
    path = `${path}.${String(params["additionalProperty"])}`;
    message = "is not a known key";
  }
  return { file, path, message };
}

/**
 * Checks parsed preset-file data against `generic_api_compatible_callbacks.schema.json`.
 * Returns every problem, each located by file and JSON path (e.g. `rubrik.event_types[0]`).
 */
export function validatePresetFile(data: unknown, file: string): ConfigIssue[] {
  const validate = compiled();
  if (validate(data)) return [];
  // propertyNames reports the bad name, then a pattern error for the same name: keep one.
  const errors = (validate.errors ?? []).filter((error) => !(error.keyword === "pattern" && error.propertyName !== undefined));
  return errors.map((error) => toIssue(error, data, file));
}
