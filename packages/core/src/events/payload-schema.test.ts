import { describe, expect, it } from "vitest";
import { payloadProblem } from "./payload-schema.js";

describe("payloadProblem", () => {
  it("accepts real payload shapes, nulls and unknown fields", () => {
    expect(payloadProblem({ id: "chatcmpl-1", status: "success", model: "gpt-4o", response_cost: 0.1, cache_hit: null, brand_new_field: { x: 1 } })).toBeUndefined();
    expect(payloadProblem({})).toBeUndefined();
  });

  it("names the field and what was expected", () => {
    expect(payloadProblem({ status: "ok" })).toBe("status: must be equal to one of the allowed values (success, failure)");
    expect(payloadProblem({ response_cost: "cheap" })).toBe("response_cost: must be number,null");
    expect(payloadProblem(null)).toBe("expected a JSON object (a StandardLoggingPayload), got null");
    expect(payloadProblem([1])).toBe("expected a JSON object (a StandardLoggingPayload), got an array");
    expect(payloadProblem(42)).toBe("expected a JSON object (a StandardLoggingPayload), got number");
  });
});
