import { Type, defineProcessor } from "@hookline/core";
import type { StandardLoggingPayload } from "@hookline/core";
import { parseFieldPath, type FieldPath } from "./field-path.js";
import { jsonEqual } from "./json-equal.js";
import { updatePath } from "./update-path.js";

/** Freezes a value shared by every event, so no event's consumer can change it for the others. */
function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

/** Definition of the `set_fields` processor: adds static fields (environment, service name). */
export const setFieldsProcessor = defineProcessor({
  type: "set_fields",
  description: "Sets static fields by dotted path (environment, service name); missing objects on the way are created",
  options: Type.Object(
    {
      fields: Type.Record(Type.String({ minLength: 1 }), Type.Unknown(), { description: "Dotted path → JSON value to set there" }),
    },
    { additionalProperties: false },
  ),
  create: ({ fields }) => {
    const assignments: { path: FieldPath; value: unknown }[] = Object.entries(fields).map(([key, value]) => ({
      path: parseFieldPath(key, "set_fields", `fields.${key}`),
      value: deepFreeze(structuredClone(value)),
    }));
    return {
      process(payload) {
        let out: unknown = payload;
        for (const { path, value } of assignments) {
          out = updatePath(out, path, (current, present) => (present && jsonEqual(current, value) ? current : value), true);
        }
        return out as StandardLoggingPayload;
      },
    };
  },
});
