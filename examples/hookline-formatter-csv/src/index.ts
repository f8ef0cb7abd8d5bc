import type { FormatterDefinition } from "@hookline/core";
import { csv, DEFAULT_FIELDS, type CsvOptions } from "./csv.js";

export { csv, DEFAULT_FIELDS } from "./csv.js";
export type { CsvOptions } from "./csv.js";

/**
 * The package's default export: what hookline loads when a config says
 * `log_format: { type: "@acme/hookline-formatter-csv", options: { ... } }`.
 */
const definition: FormatterDefinition<CsvOptions> = {
  kind: "formatter",
  specificationVersion: 1,
  type: "@acme/hookline-formatter-csv",
  description: "One CSV row per LLM call",
  optionsSchema: {
    type: "object",
    properties: {
      fields: { type: "array", items: { type: "string", minLength: 1 }, minItems: 1, default: [...DEFAULT_FIELDS] },
      header: { type: "boolean", default: true },
      delimiter: { type: "string", minLength: 1, maxLength: 1, default: "," },
    },
    additionalProperties: false,
  },
  create: (options) => csv(options),
};

export default definition;
