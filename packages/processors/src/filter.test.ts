import { createRegistry, HooklineError, type StandardLoggingPayload } from "@hookline/core";
import { describe, expect, it } from "vitest";
import { createFilter, filterProcessor, type FilterProcessor } from "./filter.js";
import { allLitellmEvents, litellmEvents } from "./litellm-events.test-support.js";

const SUCCESS = { eventType: "llm_api_success" } as const;
const keeps = (expression: string, payload: StandardLoggingPayload, eventType: "llm_api_success" | "llm_api_failure" = "llm_api_success") =>
  createFilter({ expression }).process(payload, { eventType }) !== null;

describe("filter", () => {
  it("routes real LiteLLM payloads by team, model and cost, tags, status, end user and event type", () => {
    const events = litellmEvents();
    const chat = { ...events.chat, metadata: { ...events.chat.metadata, user_api_key_team_id: "team-a" }, end_user: "u1" };
    expect(keeps('metadata.user_api_key_team_id == "team-a"', chat)).toBe(true);
    expect(keeps('metadata.user_api_key_team_id == "team-a"', events.chat)).toBe(false); // null there
    expect(keeps('model.startsWith("openai/gpt-3") && response_cost > 0.00001', events.chat)).toBe(true);
    expect(keeps('model.startsWith("gpt-4") && response_cost > 0.01', events.chat)).toBe(false);
    expect(keeps('"t1" in request_tags', events.chat)).toBe(true);
    expect(keeps('"prod" in request_tags', events.chat)).toBe(false);
    expect(keeps('status == "failure"', events.rate_limit)).toBe(true);
    expect(keeps('status == "failure"', events.chat)).toBe(false);
    expect(keeps('end_user == "u1"', chat)).toBe(true);
    expect(keeps('end_user == "u1"', events.chat)).toBe(false);
    expect(keeps('event_type == "llm_api_failure"', events.rate_limit, "llm_api_failure")).toBe(true);
    expect(keeps('event_type == "llm_api_failure"', events.chat)).toBe(false);
    expect(keeps('error_information.error_code == "429"', events.rate_limit)).toBe(true);
    expect(keeps("prompt_tokens > 5 && total_tokens == 30", events.chat)).toBe(true);
    expect(keeps('call_type in ["aembedding", "atext_completion"]', events.embedding)).toBe(true);
  });

  it("returns a kept payload as it is and drops the others", () => {
    const filter = createFilter({ expression: 'status == "success"' });
    for (const payload of allLitellmEvents()) {
      const out = filter.process(payload, SUCCESS);
      expect(out === payload || out === null).toBe(true);
      expect(out === payload).toBe(payload.status === "success");
    }
  });

  it("missing fields do not fail: has() works, and a top-level field the payload lacks is null", () => {
    expect(keeps("has(metadata.x)", litellmEvents().chat)).toBe(false);
    expect(keeps("has(metadata.user_api_key_team_id)", litellmEvents().chat)).toBe(true);
    expect(keeps("has(metadata.x)", {})).toBe(false);
    expect(keeps("has(metadata.x)", { metadata: null as never })).toBe(false);
    expect(keeps("end_user == null", {})).toBe(true);
    expect(keeps('metadata.?x.orValue("d") == "d"', { metadata: { a: 1 } })).toBe(true);
    expect(keeps("undefined_field == null", { undefined_field: undefined })).toBe(true);
    // Only the payload's own fields: nothing from Object.prototype.
    expect(keeps("constructor == null && toString == null", {})).toBe(true);
  });

  it("an evaluation error drops the event, counts it and tells the hook; the next event is evaluated afresh", () => {
    const errors: [string, unknown][] = [];
    const filter: FilterProcessor = createFilter({ expression: 'metadata.team == "a"' }, { onEvaluationError: (error, payload) => errors.push([error.message, payload.id]) });
    expect(filter.process({ id: "1", metadata: { team: "a" } }, SUCCESS)).not.toBeNull();
    expect(filter.process({ id: "2", metadata: {} }, SUCCESS)).toBeNull();
    expect(filter.process({ id: "3", metadata: { team: "b" } }, SUCCESS)).toBeNull();
    expect(filter.process({ id: "4", metadata: "text" as never }, SUCCESS)).toBeNull();
    expect(filter.process({ id: "5", metadata: { team: "a" } }, SUCCESS)).not.toBeNull();
    expect(filter.evaluationErrors).toBe(2);
    expect(errors.map(([, id]) => id)).toEqual(["2", "4"]);
    expect(errors[0]![0]).toMatch(/No such key: team/);
  });

  it("a result that is not a bool is an evaluation error", () => {
    const filter = createFilter({ expression: "metadata.level" });
    expect(filter.process({ metadata: { level: true } }, SUCCESS)).not.toBeNull();
    expect(filter.process({ metadata: { level: 3 } }, SUCCESS)).toBeNull();
    expect(filter.evaluationErrors).toBe(1);
  });

  it("JSON numbers are CEL doubles: comparisons with ints work, arithmetic needs doubles or int()", () => {
    const payload = { prompt_tokens: 10 };
    expect(keeps("prompt_tokens > 5", payload)).toBe(true);
    expect(keeps("prompt_tokens + 1.0 > 10.5", payload)).toBe(true);
    expect(keeps("int(prompt_tokens) + 1 == 11", payload)).toBe(true);
    const filter = createFilter({ expression: "prompt_tokens + 1 > 5" });
    expect(filter.process(payload, SUCCESS)).toBeNull();
    expect(filter.evaluationErrors).toBe(1);
  });

  it("compiles once at create: a syntax or type error, or a non-bool expression, is an options error naming expression", async () => {
    const registry = createRegistry([filterProcessor]);
    const create = (expression: string) => registry.processor("filter", { expression }, { callbackName: "api" }, "p");
    await expect(create("model +")).rejects.toThrow('invalid options for processor "filter":\nexpression: CEL syntax error at column 8: Unexpected token: EOF (in "model +")');
    await expect(create('1 + "a"')).rejects.toThrow(/expression: CEL type error at column 1: no such overload: int \+ string/);
    await expect(create("1 + 2")).rejects.toThrow(/expression: the expression gives int, expected a bool/);
    await expect(create("")).rejects.toThrow(/p\.expression: must NOT have fewer than 1 characters/);
    const error = await create("(").catch((e: unknown) => e);
    expect(HooklineError.is(error) && error.code).toBe("ERR_COMPONENT_OPTIONS_INVALID");
    expect((error as HooklineError).issues[0]?.path).toBe("expression");
    const made = (await create('status == "failure"')) as FilterProcessor;
    expect(made.type).toBe("filter");
    expect(made.evaluationErrors).toBe(0);
  });
});
