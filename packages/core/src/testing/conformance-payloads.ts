import type { StandardLoggingPayload } from "../events/standard-logging-payload.js";

/** `n` small but realistic payloads, every fifth a failure, for conformance checks. */
export function conformancePayloads(n: number): StandardLoggingPayload[] {
  return Array.from({ length: n }, (_, i): StandardLoggingPayload => {
    const failed = i % 5 === 4;
    return {
      id: `conf-${i}`,
      litellm_call_id: `call-${i}`,
      call_type: "acompletion",
      status: failed ? "failure" : "success",
      model: i % 2 === 0 ? "gpt-4o" : "claude-3-5-sonnet",
      custom_llm_provider: i % 2 === 0 ? "openai" : "anthropic",
      startTime: 1_767_225_600 + i,
      endTime: 1_767_225_601.5 + i,
      response_time: 1.5,
      prompt_tokens: 12 + i,
      completion_tokens: failed ? 0 : 30 + i,
      total_tokens: failed ? 12 + i : 42 + 2 * i,
      response_cost: failed ? 0 : 0.0001 * (i + 1),
      messages: [{ role: "user", content: `question ${i}` }],
      response: failed ? {} : { choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: `answer ${i}` } }] },
      error_str: failed ? "RateLimitError: slow down" : null,
      error_information: failed ? { error_class: "RateLimitError", error_code: "429", error_message: "slow down" } : null,
      metadata: { user_api_key_team_id: "team-a" },
    };
  });
}
