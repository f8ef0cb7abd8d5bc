import { Ajv } from "ajv";
import { isLegacyV1Payload } from "./legacy-v1-payload.js";
import type { StandardLoggingPayload } from "./standard-logging-payload.js";

const nullable = (type: string | string[]) => ({ type: [...(Array.isArray(type) ? type : [type]), "null"] });

/**
 * JSON Schema of `StandardLoggingPayload`: checks the types of the fields hookline and common
 * receivers rely on, allows `null` wherever LiteLLM may send `None`, and leaves every other
 * field open, since the payload grows with each LiteLLM release.
 */
export const standardLoggingPayloadSchema = {
  $id: "https://hookline.dev/schemas/standard-logging-payload.json",
  type: "object",
  properties: {
    id: nullable("string"),
    trace_id: nullable("string"),
    litellm_call_id: nullable("string"),
    call_type: nullable("string"),
    status: { enum: ["success", "failure"] },
    status_fields: nullable("object"),
    model: nullable("string"),
    model_id: nullable("string"),
    model_group: nullable("string"),
    custom_llm_provider: nullable("string"),
    api_base: nullable("string"),
    stream: nullable("boolean"),
    cache_hit: nullable("boolean"),
    response_cost: nullable("number"),
    total_tokens: nullable("number"),
    prompt_tokens: nullable("number"),
    completion_tokens: nullable("number"),
    startTime: nullable("number"),
    endTime: nullable("number"),
    completionStartTime: nullable("number"),
    response_time: nullable("number"),
    metadata: nullable("object"),
    error_str: nullable("string"),
    error_information: nullable("object"),
    model_parameters: nullable("object"),
    hidden_params: nullable("object"),
    request_tags: nullable("array"),
  },
} as const;

const validate = new Ajv({ allErrors: false, strict: false }).compile<StandardLoggingPayload>(standardLoggingPayloadSchema);

/**
 * Why `value` is not a valid payload, or `undefined` when it is. A payload of LiteLLM's legacy
 * v1 shape (`generic_api_use_v1`, see `isLegacyV1Payload`) is valid: it is what LiteLLM sends.
 *
 * @example
 * ```ts
 * payloadProblem({ status: "ok" }) // 'status: must be equal to one of the allowed values (success, failure)'
 * ```
 */
export function payloadProblem(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return `expected a JSON object (a StandardLoggingPayload), got ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value}`;
  }
  if (validate(value) || isLegacyV1Payload(value)) return undefined;
  const error = validate.errors?.[0];
  if (!error) return "invalid payload";
  const field = error.instancePath.replace(/^\//, "").replace(/\//g, ".") || "payload";
  const allowed = error.keyword === "enum" ? ` (${(error.params as { allowedValues: unknown[] }).allowedValues.join(", ")})` : "";
  return `${field}: ${error.message ?? "invalid"}${allowed}`;
}
