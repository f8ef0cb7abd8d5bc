import type { StandardLoggingPayload } from "@hookline/core";

/** Smallest and largest serialized event the generator produces (UTF-8 bytes of JSON.stringify). */
export const MIN_EVENT_BYTES = 1536;
export const MAX_EVENT_BYTES = 3072;
/** Targets are drawn uniformly from this range, safely inside the bounds above. */
const TARGET_MIN = 1600;
const TARGET_MAX = 2950;
/** About one event in ten is a failed call. */
export const FAILURE_RATE = 0.1;

/** mulberry32: a small, fast, seeded PRNG with a 2^32 period; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MODELS = [
  { model: "gpt-4o", provider: "openai", inPrice: 2.5, outPrice: 10 },
  { model: "gpt-4o-mini", provider: "openai", inPrice: 0.15, outPrice: 0.6 },
  { model: "claude-3-5-sonnet-20241022", provider: "anthropic", inPrice: 3, outPrice: 15 },
  { model: "gemini-1.5-pro", provider: "vertex_ai", inPrice: 1.25, outPrice: 5 },
  { model: "llama-3.1-70b-versatile", provider: "groq", inPrice: 0.59, outPrice: 0.79 },
  { model: "mistral-large-latest", provider: "mistral", inPrice: 2, outPrice: 6 },
] as const;

const SYSTEM_PROMPTS = [
  "You are a helpful assistant.",
  "You are a support agent for an online bookshop. Answer briefly and cite order numbers.",
  "You summarise internal incident reports for on-call engineers. Use bullet points.",
  "You are a coding assistant. Prefer TypeScript examples and explain trade-offs.",
];

const QUESTIONS = [
  "What is the weather like in Boston today?",
  "Summarise the attached incident report in three bullet points.",
  "Translate 'good morning' into French, German and Japanese.",
  "Write a haiku about observability pipelines.",
  "Which HTTP status codes should a log shipper retry?",
  "Where is my order 48213? It was supposed to arrive on Monday.",
  "Explain the difference between at-least-once and exactly-once delivery.",
  "Refactor this function to avoid the nested callbacks.",
];

const WORDS = (
  "the a of to and in is for that with on as by it be this are from at or an was " +
  "request response latency batch endpoint retry queue event delivery token model cost provider " +
  "customer order shipping invoice incident deploy rollback service cluster region timeout " +
  "observability pipeline metric trace span log error warning success failure budget limit " +
  "summary answer question example function value result configuration default option"
).split(" ");

const ERRORS = [
  { code: "429", cls: "RateLimitError", message: "You exceeded your current quota, please check your plan and billing details." },
  { code: "500", cls: "InternalServerError", message: "The server had an error while processing your request. Sorry about that!" },
  { code: "400", cls: "BadRequestError", message: "This model's maximum context length is 128000 tokens. Please reduce the length of the messages." },
  { code: "408", cls: "Timeout", message: "Request timed out after 600.0 seconds." },
  { code: "401", cls: "AuthenticationError", message: "Incorrect API key provided: sk-****abcd." },
] as const;

/** Deterministic plain-ASCII text with no characters JSON has to escape. */
function words(random: () => number, minChars: number): string {
  let text = "";
  let sentence = 0;
  while (text.length < minChars) {
    const word = WORDS[Math.floor(random() * WORDS.length)]!;
    text += sentence === 0 ? word[0]!.toUpperCase() + word.slice(1) : word;
    sentence++;
    if (sentence > 6 + Math.floor(random() * 10)) {
      text += ". ";
      sentence = 0;
    } else {
      text += " ";
    }
  }
  return text;
}

/** A fake Python traceback: lines joined by "\n" (each line break is 2 bytes once JSON-escaped). */
function traceback(random: () => number, provider: string, minChars: number): string {
  const lines = ["Traceback (most recent call last):"];
  let length = lines[0]!.length;
  let depth = 0;
  while (length < minChars) {
    const frame =
      depth % 2 === 0
        ? `  File "/usr/lib/python3.11/site-packages/litellm/llms/${provider}/chat/handler.py", line ${100 + Math.floor(random() * 900)}, in completion`
        : `    response = await self.async_handler.post(url=api_base, json=data, headers=headers, timeout=timeout)`;
    lines.push(frame);
    length += frame.length + 2;
    depth++;
  }
  return lines.join("\n");
}

/** Bytes an ASCII string takes inside a JSON string literal ("\n", '"' and "\\" are escaped to 2 bytes). */
function escapedBytes(code: number): number {
  return code === 10 || code === 34 || code === 92 ? 2 : 1;
}

function jsonStringBytes(text: string): number {
  let size = 0;
  for (let i = 0; i < text.length; i++) size += escapedBytes(text.charCodeAt(i));
  return size;
}

/** Cuts or pads `text` so that its JSON-escaped size is exactly `bytes` (or one less, to keep an escape whole). */
function fitJsonBytes(text: string, bytes: number): string {
  if (bytes <= 0) return "";
  let out = text;
  while (jsonStringBytes(out) < bytes) out += " observability";
  let size = jsonStringBytes(out);
  let end = out.length;
  while (size > bytes && end > 0) {
    end--;
    size -= escapedBytes(out.charCodeAt(end));
  }
  out = out.slice(0, end);
  while (size < bytes) {
    out += ".";
    size++;
  }
  return out;
}

/** Seed of event `index` under `seed`: every event has its own PRNG stream, so events can be made one at a time. */
function eventSeed(seed: number, index: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
}

/**
 * Event `index` of the sequence `seed`: a realistic LiteLLM `StandardLoggingPayload` of 1.5–3 KB
 * serialized. About 10% are failures with `error_information` and a traceback. The id is
 * `chatcmpl-<index in base 36>-<seed>`: unique within a sequence.
 */
export function generateEvent(index: number, seed = 1): StandardLoggingPayload {
  const random = mulberry32(eventSeed(seed, index));
  const spec = MODELS[Math.floor(random() * MODELS.length)]!;
  const system = SYSTEM_PROMPTS[Math.floor(random() * SYSTEM_PROMPTS.length)]!;
  const question = QUESTIONS[Math.floor(random() * QUESTIONS.length)]!;
  const failed = random() < FAILURE_RATE;
  const target = TARGET_MIN + Math.floor(random() * (TARGET_MAX - TARGET_MIN + 1));
  const multiTurn = random() < 0.35;
  const streamed = random() < 0.4;
  const cacheHit = !failed && random() < 0.05;
  const promptTokens = 40 + Math.floor(random() * 1800);
  const completionTokens = failed ? 0 : 20 + Math.floor(random() * 700);
  const start = 1_767_225_600 + index * 0.05 + random() * 0.05;
  const duration = 0.25 + random() * 6;
  const ttft = duration * (0.1 + random() * 0.3);
  const id = `chatcmpl-${index.toString(36)}-${seed.toString(36)}`;
  const callId = `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-a${hex(random, 3)}-${hex(random, 12)}`;
  const inputCost = (promptTokens * spec.inPrice) / 1e6;
  const outputCost = (completionTokens * spec.outPrice) / 1e6;
  const cost = failed || cacheHit ? 0 : Number((inputCost + outputCost).toFixed(10));
  const team = `team-${Math.floor(random() * 6)}`;
  const user = `user-${Math.floor(random() * 40)}`;
  const keyHash = hex(random, 64);
  const apiBase = `https://api.${spec.provider}.example/v1`;
  const error = ERRORS[Math.floor(random() * ERRORS.length)]!;

  const messages: unknown[] = [{ role: "system", content: system }];
  if (multiTurn) {
    messages.push({ role: "user", content: QUESTIONS[Math.floor(random() * QUESTIONS.length)]! });
    messages.push({ role: "assistant", content: words(random, 60 + Math.floor(random() * 80)).trim() });
  }
  messages.push({ role: "user", content: question });

  const answer = { role: "assistant", content: "" };
  const errorInformation = failed
    ? { error_code: error.code, error_class: error.cls, llm_provider: spec.provider, error_message: error.message, traceback: "" }
    : { error_code: "", error_class: "", llm_provider: "", traceback: "", error_message: "" };

  const payload: StandardLoggingPayload = {
    id,
    trace_id: `trace-${hex(random, 16)}`,
    litellm_call_id: callId,
    call_type: "acompletion",
    stream: streamed,
    status: failed ? "failure" : "success",
    status_fields: { llm_api_status: failed ? "failure" : "success", guardrail_status: "not_run" },
    custom_llm_provider: spec.provider,
    model: spec.model,
    model_group: spec.model,
    model_id: `deployment-${spec.provider}-${1 + Math.floor(random() * 3)}`,
    api_base: apiBase,
    response_cost: cost,
    cost_breakdown: failed ? null : { input_cost: inputCost, output_cost: outputCost, total_cost: cost },
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    startTime: start,
    endTime: start + duration,
    completionStartTime: start + ttft,
    response_time: duration,
    cache_hit: cacheHit,
    cache_key: cacheHit ? hex(random, 32) : null,
    saved_cache_cost: cacheHit ? Number((inputCost + outputCost).toFixed(10)) : 0,
    request_tags: ["prod", team],
    end_user: user,
    requester_ip_address: `10.0.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}`,
    metadata: {
      user_api_key_hash: keyHash,
      user_api_key_alias: `${team}-service-key`,
      user_api_key_team_id: team,
      user_api_key_user_id: user,
      spend_logs_metadata: null,
      applied_guardrails: [],
    },
    messages,
    response: failed
      ? {}
      : {
          id,
          object: "chat.completion",
          model: spec.model,
          choices: [{ index: 0, finish_reason: "stop", message: answer }],
          usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
        },
    error_str: failed ? `litellm.${error.cls}: ${error.message}` : null,
    error_information: errorInformation,
    model_parameters: { temperature: Math.round(random() * 10) / 10, max_tokens: 1024 },
    hidden_params: {
      model_id: `deployment-${spec.provider}-1`,
      cache_key: null,
      api_base: apiBase,
      response_cost: cost,
      litellm_overhead_time_ms: Math.round(random() * 500) / 100,
    },
  };

  // Fill the answer (success) or the traceback (failure) so the event serializes to `target` bytes.
  const base = Buffer.byteLength(JSON.stringify(payload));
  // Every answer / traceback has some text, even when the rest already reaches the target.
  const room = Math.max(failed ? 160 : 60, target - base);
  if (failed) errorInformation.traceback = fitJsonBytes(traceback(random, spec.provider, room), room);
  else answer.content = fitJsonBytes(words(random, room), room);
  return payload;
}

function hex(random: () => number, digits: number): string {
  let out = "";
  for (let i = 0; i < digits; i++) out += Math.floor(random() * 16).toString(16);
  return out;
}

/** The first `count` events of sequence `seed` (see {@link generateEvent}). */
export function generateEvents(count: number, seed = 1): StandardLoggingPayload[] {
  const out = new Array<StandardLoggingPayload>(count);
  for (let i = 0; i < count; i++) out[i] = generateEvent(i, seed);
  return out;
}
