import { Type, defineProcessor } from "@hookline/core";
import type { StandardLoggingPayload } from "@hookline/core";
import { parseFieldPaths } from "./field-path.js";
import { NOTHING, pathTree, selectPaths } from "./select-paths.js";

/** Definition of the `include_fields` processor: keeps only the fields at the given dotted paths. */
export const includeFieldsProcessor = defineProcessor({
  type: "include_fields",
  description: "Keeps only the fields at the given dotted paths; a path through an array applies to each element",
  options: Type.Object(
    {
      fields: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description: "Dotted paths of the fields to keep" }),
    },
    { additionalProperties: false },
  ),
  create: ({ fields }) => {
    const tree = pathTree(parseFieldPaths(fields, "include_fields", "fields"));
    return {
      process(payload) {
        const selected = selectPaths(payload, tree);
        if (selected !== NOTHING) return selected as StandardLoggingPayload;
        // Nothing kept: an empty payload, which is the input itself when that was empty already.
        return Object.keys(payload).length === 0 ? payload : {};
      },
    };
  },
});
