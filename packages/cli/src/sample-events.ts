import type { StandardLoggingPayload } from "@hookline/core";

const MODELS = [
  ["gpt-4o", "openai"],
  ["claude-3-5-sonnet-20241022", "anthropic"],
  ["gemini-1.5-pro", "vertex_ai"],
  ["llama-3.1-70b", "groq"],
] as const;

const QUESTIONS = [
  "What is the weather like in Boston today?",
  "Summarise the attached incident report in three bullet points.",
  "Translate 'good morning' into French, German and Japanese.",
  "Write a haiku about observability pipelines.",
  "Which HTTP status codes should a log shipper retry?",
];

/**
 * Deterministic, realistic `StandardLoggingPayload`s: about one in ten is a failure with error
 * information. The same `seed` always gives the same events.
 */
export function sampleEvents(count: number, seed = 1): StandardLoggingPayload[] {
  let state = seed >>> 0 || 1;
  const random = (): number => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const out: StandardLoggingPayload[] = [];
  for (let i = 0; i < count; i++) out.push(sampleEvent(i, random));
  return out;
}

function sampleEvent(i: number, random: () => number): StandardLoggingPayload {
  const [model, provider] = MODELS[Math.floor(random() * MODELS.length)]!;
  const question = QUESTIONS[Math.floor(random() * QUESTIONS.length)]!;
  const failed = random() < 0.1;
  const promptTokens = 20 + Math.floor(random() * 400);
  const completionTokens = failed ? 0 : 10 + Math.floor(random() * 300);
  const start = 1_767_225_600 + i * 1.5;
  const duration = 0.2 + random() * 3;
  const id = `chatcmpl-${(i + 1).toString(36).padStart(6, "0")}${Math.floor(random() * 1e9).toString(36)}`;
  const cost = failed ? 0 : Number(((promptTokens * 2.5 + completionTokens * 10) / 1e6).toFixed(8));
  const answer = `Here is a considered answer to: ${question} `.repeat(1 + Math.floor(random() * 3));
  return {
    id,
    trace_id: `trace-${Math.floor(i / 3)}`,
    litellm_call_id: `call-${i + 1}`,
    call_type: "acompletion",
    stream: false,
    status: failed ? "failure" : "success",
    status_fields: { llm_api_status: failed ? "failure" : "success", guardrail_status: "not_run" },
    custom_llm_provider: provider,
    model,
    model_group: model,
    model_id: `deployment-${provider}-1`,
    api_base: `https://api.${provider}.example/v1`,
    response_cost: cost,
    cost_breakdown: failed ? null : { input_cost: (promptTokens * 2.5) / 1e6, output_cost: (completionTokens * 10) / 1e6, total_cost: cost },
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    startTime: start,
    endTime: start + duration,
    completionStartTime: start + duration / 3,
    response_time: duration,
    cache_hit: false,
    saved_cache_cost: 0,
    request_tags: ["demo", i % 2 === 0 ? "team-a" : "team-b"],
    end_user: `user-${i % 7}`,
    metadata: {
      user_api_key_hash: `hash-${i % 5}`,
      user_api_key_alias: `key-${i % 5}`,
      user_api_key_team_id: i % 2 === 0 ? "team-a" : "team-b",
      user_api_key_user_id: `user-${i % 7}`,
      requester_ip_address: "127.0.0.1",
      applied_guardrails: [],
    },
    messages: [
      { role: "system", content: "You are a helpful assistant." },
      { role: "user", content: question },
    ],
    response: failed
      ? {}
      : {
          id,
          object: "chat.completion",
          model,
          choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: answer } }],
          usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
        },
    error_str: failed ? "RateLimitError: You exceeded your current quota" : null,
    error_information: failed
      ? { error_code: "429", error_class: "RateLimitError", llm_provider: provider, error_message: "You exceeded your current quota", traceback: "" }
      : { error_code: "", error_class: "", llm_provider: "", traceback: "", error_message: "" },
    model_parameters: { temperature: 0.2, max_tokens: 512, user: `user-${i % 7}` },
    hidden_params: { model_id: `deployment-${provider}-1`, cache_key: null, api_base: `https://api.${provider}.example/v1`, response_cost: cost, litellm_overhead_time_ms: 2.1 },
  };
}
