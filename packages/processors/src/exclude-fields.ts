import { Type, defineProcessor } from "@hookline/core";
import type { StandardLoggingPayload } from "@hookline/core";
import { parseFieldPaths, type FieldPath } from "./field-path.js";
import { REMOVE, updatePath } from "./update-path.js";

const remove = (): typeof REMOVE => REMOVE;

/** Definition of the `exclude_fields` processor: removes fields by dotted path. */
export const excludeFieldsProcessor = defineProcessor({
  type: "exclude_fields",
  description: "Removes fields by dotted path (metadata.requester_ip_address); a path through an array applies to each element",
  options: Type.Object(
    {
      fields: Type.Array(Type.String({ minLength: 1 }), { description: "Dotted paths of the fields to remove" }),
    },
    { additionalProperties: false },
  ),
  create: ({ fields }) => {
    const paths: FieldPath[] = parseFieldPaths(fields, "exclude_fields", "fields");
    return {
      process(payload) {
        let out: unknown = payload;
        for (const path of paths) out = updatePath(out, path, remove);
        return out as StandardLoggingPayload;
      },
    };
  },
});
