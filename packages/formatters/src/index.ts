import type { FormatterDefinition } from "@hookline/core";
import { jsonArrayFormatter } from "./json-array.js";
import { ndjsonFormatter } from "./ndjson.js";
import { singleFormatter } from "./single.js";

export { jsonArray, jsonArrayFormatter } from "./json-array.js";
export type { JsonArrayOptions } from "./json-array.js";
export { ndjson, ndjsonFormatter } from "./ndjson.js";
export type { NdjsonOptions } from "./ndjson.js";
export { single, singleFormatter } from "./single.js";
export type { SingleOptions } from "./single.js";

/** The built-in formatter definitions: `json_array`, `ndjson` and `single`. */
export const builtinFormatters: readonly FormatterDefinition<Record<string, never>>[] = [
  jsonArrayFormatter,
  ndjsonFormatter,
  singleFormatter,
];
