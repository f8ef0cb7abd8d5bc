import type { StandardLoggingPayload } from "@hookline/core";
import { litellmFixture, shapeDifferences } from "@hookline/fake-providers";
import { describe, expect, it } from "vitest";
import { createInstrumentation } from "./create-instrumentation.js";
import { withCallMetadata } from "./call-metadata.js";
import type { CallStart } from "./call-description.js";

const chatCall: CallStart = {
  callType: "acompletion",
  provider: "openai",
  model: "gpt-4o-mini",
  apiBase: "https://user:pw@api.example.test/v1?key=s3cret",
  stream: false,
  messages: [{ role: "user", content: "plain" }],
  modelParameters: { temperature: 0.2, stream: false },
};
const usage = { promptTokens: 1000, completionTokens: 100, cacheReadTokens: 200, reasoningTokens: 40, raw: { prompt_tokens: 1000 } };

function collect(options: Partial<Parameters<typeof createInstrumentation>[0]> = {}) {
  const logged: StandardLoggingPayload[] = [];
  const instrumentation = createInstrumentation({ log: (payload) => logged.push(payload), ...options });
  return { logged, instrumentation };
}

describe("createInstrumentation", () => {
  it("builds a success payload shaped like LiteLLM 1.81's, priced by the price table", () => {
    const { logged, instrumentation } = collect();
    instrumentation.start(chatCall).succeed({ id: "chatcmpl-1", response: { id: "chatcmpl-1", object: "chat.completion" }, usage });
    const [payload] = logged;
    expect(payload).toBeDefined();
    expect(shapeDifferences(payload!, litellmFixture("chat"))).toEqual([]);
    expect(payload).toMatchObject({
      id: "chatcmpl-1",
      call_type: "acompletion",
      status: "success",
      status_fields: { llm_api_status: "success", guardrail_status: "not_run" },
      custom_llm_provider: "openai",
      model: "gpt-4o-mini",
      model_group: "gpt-4o-mini",
      api_base: "https://api.example.test/v1",
      prompt_tokens: 1000,
      completion_tokens: 100,
      total_tokens: 1100,
      cache_read_input_tokens: 200,
      reasoning_tokens: 40,
      stream: null,
      error_str: null,
      model_parameters: { temperature: 0.2, stream: false },
      model_map_information: { model_map_key: "gpt-4o-mini" },
    });
    // gpt-4o-mini: 0.15 $/Mtok input (0.075 cached), 0.6 $/Mtok output, from @pydantic/genai-prices.
    expect(payload!.response_cost).toBeCloseTo(800 * 0.15e-6 + 200 * 0.075e-6 + 100 * 0.6e-6, 12);
    expect(payload!.cost_breakdown?.total_cost).toBe(payload!.response_cost);
    expect(payload!.litellm_call_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(payload!.trace_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(payload!.completionStartTime).toBe(payload!.endTime);
    expect(payload!.response_time).toBeCloseTo(payload!.endTime! - payload!.startTime!, 6);
    expect(payload!.startTime).toBeGreaterThan(1.7e9);
    expect(payload!.startTime).toBeLessThan(1e10);
  });

  it("gives an unknown model a null cost and says why, never 0", () => {
    const { logged, instrumentation } = collect();
    instrumentation.start({ ...chatCall, model: "my-finetune-xyz" }).succeed({ id: "x", response: {}, usage });
    expect(logged[0]!.response_cost).toBeNull();
    expect(logged[0]!.cost_breakdown).toBeNull();
    expect(JSON.stringify(logged[0]!.response_cost_failure_debug_info)).toContain("not in the @pydantic/genai-prices table");
  });

  it("gives a call without reported usage a null cost", () => {
    const { logged, instrumentation } = collect();
    instrumentation.start(chatCall).succeed({ id: "x", response: {}, usage: null });
    expect(logged[0]!.response_cost).toBeNull();
    expect(logged[0]!.prompt_tokens).toBe(0);
    expect(JSON.stringify(logged[0]!.response_cost_failure_debug_info)).toContain("no token usage");
  });

  it("builds a failure payload shaped like LiteLLM's 429 payload", () => {
    const { logged, instrumentation } = collect();
    class RateLimitError extends Error {
      status = 429;
    }
    instrumentation.start(chatCall).fail(new RateLimitError("slow down"));
    const payload = logged[0]!;
    expect(shapeDifferences(payload, litellmFixture("rateLimit"))).toEqual([]);
    expect(payload).toMatchObject({
      status: "failure",
      status_fields: { llm_api_status: "failure" },
      response: {},
      response_cost: 0,
      error_str: "RateLimitError: slow down",
      error_information: { error_code: "429", error_class: "RateLimitError", llm_provider: "openai", error_message: "slow down" },
    });
    expect(payload.id).toBe(payload.litellm_call_id);
    expect(payload.error_information?.traceback).toContain("slow down");
  });

  it("counts only the first outcome", () => {
    const { logged, instrumentation } = collect();
    const call = instrumentation.start(chatCall);
    call.fail(new Error("boom"));
    call.succeed({ id: "x", response: {}, usage });
    expect(logged).toHaveLength(1);
    expect(logged[0]!.status).toBe("failure");
  });

  it("takes a pipeline-like object with log()", () => {
    const logged: StandardLoggingPayload[] = [];
    const pipeline = { log: (payload: StandardLoggingPayload) => logged.push(payload) };
    createInstrumentation({ log: pipeline }).start(chatCall).succeed({ id: "a", response: {}, usage });
    expect(logged.map((p) => p.id)).toEqual(["a"]);
  });

  it("merges static, context and request metadata into LiteLLM's fields", async () => {
    const { logged, instrumentation } = collect({ metadata: { team: "t-static", tags: ["prod"], fields: { app: "demo" } } });
    await withCallMetadata({ user: "u-1", tags: ["chat"], sessionId: "s-1" }, async () => {
      await Promise.resolve();
      instrumentation.start({ ...chatCall, requestMetadata: { tags: ["req"], fields: { route: "/x" } } }).succeed({ id: "a", response: {}, usage });
    });
    instrumentation.start(chatCall).succeed({ id: "b", response: {}, usage });
    const [inside, outside] = logged;
    expect(inside).toMatchObject({
      end_user: "u-1",
      request_tags: ["prod", "chat", "req"],
      session_id: "s-1",
      trace_id: "s-1",
      metadata: { user_api_key_team_id: "t-static", user_api_key_end_user_id: "u-1", requester_metadata: { app: "demo", route: "/x", tags: ["prod", "chat", "req"] } },
    });
    expect(outside).toMatchObject({ end_user: "", request_tags: ["prod"] });
    expect(outside!.session_id).toBeUndefined();
  });

  it("redacts messages and response with turnOffMessageLogging, as LiteLLM does", () => {
    const { logged, instrumentation } = collect({ turnOffMessageLogging: true });
    const response = { id: "a", object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: "secret answer" } }] };
    instrumentation.start(chatCall).succeed({ id: "a", response, usage });
    expect(JSON.stringify(logged[0])).not.toContain("secret answer");
    expect(JSON.stringify(logged[0])).not.toContain("plain");
    expect(logged[0]!.messages).toEqual([{ role: "user", content: "redacted-by-litellm" }]);
  });

  it("keeps logging failures away from the call and reports them to onError", () => {
    const errors: unknown[] = [];
    const instrumentation = createInstrumentation({
      log: () => {
        throw new Error("sink down");
      },
      onError: (err) => errors.push(err),
    });
    expect(() => instrumentation.start(chatCall).succeed({ id: "a", response: {}, usage })).not.toThrow();
    expect(String(errors[0])).toContain("sink down");
    const throwingHandler = createInstrumentation({
      log: () => {
        throw new Error("sink down");
      },
      onError: () => {
        throw new Error("handler down");
      },
    });
    expect(() => throwingHandler.start(chatCall).fail(new Error("x"))).not.toThrow();
  });
});
