import { createRegistry, type StandardLoggingPayload } from "@hookline/core";
import { describe, expect, it } from "vitest";
import { deepFreeze, litellmEvents } from "./litellm-events.test-support.js";
import { REDACTED_BY_LITELLM, redactMessages, redactMessagesProcessor } from "./redact-messages.js";

const R = REDACTED_BY_LITELLM;
const ONE_MESSAGE = [{ role: "user", content: R }];
type Json = Record<string, any>;

/** Redacts a deep-frozen payload (a write would throw) and checks the input's JSON is untouched. */
function redact(payload: StandardLoggingPayload, placeholder?: string): Json {
  const before = JSON.stringify(payload);
  const out = redactMessages(deepFreeze(payload), placeholder);
  expect(JSON.stringify(payload)).toBe(before);
  return out;
}

/** Every top-level field but `changed` is the input's very value (copy-on-write, nothing else touched). */
function expectOnlyChanged(input: Json, output: Json, changed: string[]): void {
  expect(Object.keys(output)).toEqual(Object.keys(input));
  for (const key of Object.keys(input)) if (!changed.includes(key)) expect(output[key], key).toBe(input[key]);
}

describe("redact_messages on real LiteLLM 1.81 payloads", () => {
  it("chat completion: one placeholder user message; the choice's content redacted, everything else kept", () => {
    const input = litellmEvents().chat as Json;
    const out = redact(input);
    expectOnlyChanged(input, out, ["messages", "response"]);
    expect(out.messages).toEqual(ONE_MESSAGE);
    const { choices, ...rest } = out.response;
    const { choices: inputChoices, ...inputRest } = input.response;
    expect(rest).toEqual(inputRest);
    expect(out.response.usage).toBe(input.response.usage);
    expect(choices).toEqual([{ finish_reason: "stop", index: 0, message: { content: R, role: "assistant", tool_calls: null, function_call: null } }]);
    expect(inputChoices[0].message.content).toBe("hey!");
    expect(out.metadata).toBe(input.metadata);
  });

  it("streamed chat completion: the assembled message is redacted; usage details kept", () => {
    const input = litellmEvents().streamed as Json;
    const out = redact(input);
    expectOnlyChanged(input, out, ["messages", "response"]);
    expect(out.stream).toBe(true);
    expect(out.messages).toEqual(ONE_MESSAGE);
    expect(out.response.choices[0].message).toEqual({ content: R, role: "assistant", tool_calls: null, function_call: null });
    expect(out.response.usage.completion_tokens_details).toEqual({ accepted_prediction_tokens: null, audio_tokens: null, reasoning_tokens: 0, rejected_prediction_tokens: null, text_tokens: null, image_tokens: null });
    expect(out.response.id).toBe("chatcmpl-26734b05-5a48-4bf0-8fe7-44c38ae8b013");
  });

  it("chat with tools: system and user messages become one; the tool definitions in model_parameters are kept", () => {
    const input = litellmEvents().tools as Json;
    expect(input.messages).toHaveLength(2);
    const out = redact(input);
    expectOnlyChanged(input, out, ["messages", "response"]);
    expect(out.messages).toEqual(ONE_MESSAGE);
    expect(out.model_parameters).toEqual({ temperature: 0.2, stream: false, max_tokens: 50, tools: [{ type: "function", function: { name: "get_w", parameters: { type: "object", properties: {} } } }] });
    expect(out.response.choices[0].message.content).toBe(R);
  });

  it("tool calls (derived from the tools payload): every call's arguments, and a legacy function_call's", () => {
    const input = litellmEvents().tools as Json;
    input.response.choices[0].message = {
      content: null,
      role: "assistant",
      tool_calls: [
        { id: "call_1", type: "function", function: { name: "get_w", arguments: '{"city":"Paris"}' } },
        { id: "call_2", type: "function", function: { name: "get_w" } },
        { id: "call_3", type: "function", function: null },
      ],
      function_call: { name: "get_w", arguments: '{"city":"Rome"}' },
    };
    const out = redact(input);
    expect(out.response.choices[0].message).toEqual({
      content: null,
      role: "assistant",
      tool_calls: [
        { id: "call_1", type: "function", function: { name: "get_w", arguments: R } },
        { id: "call_2", type: "function", function: { name: "get_w", arguments: R } },
        { id: "call_3", type: "function", function: null },
      ],
      function_call: { name: "get_w", arguments: R },
    });
  });

  it("embedding: the response (vectors, no choices) becomes { text: placeholder }", () => {
    const input = litellmEvents().embedding as Json;
    expect(input.response.data[0].embedding).toEqual([0.1, 0.2]);
    const out = redact(input);
    expectOnlyChanged(input, out, ["messages", "response"]);
    expect(out.messages).toEqual(ONE_MESSAGE);
    expect(out.response).toEqual({ text: R });
  });

  it("text completion: each choice's text", () => {
    const input = litellmEvents().text_completion as Json;
    const out = redact(input);
    expectOnlyChanged(input, out, ["messages", "response"]);
    expect(out.messages).toEqual(ONE_MESSAGE);
    expect(out.response.choices).toEqual([{ finish_reason: "stop", index: 0, text: R, logprobs: null }]);
    expect(out.response.object).toBe("text_completion");
  });

  it("failures: the empty response becomes { text: placeholder }; error_str and error_information are kept, as LiteLLM keeps them", () => {
    const events = litellmEvents();
    for (const name of ["rate_limit", "internal_server_error", "context_window", "model_not_found"] as const) {
      const input = events[name] as Json;
      expect(input.response).toEqual({});
      const out = redact(input);
      expectOnlyChanged(input, out, ["messages", "response"]);
      expect(out.messages, name).toEqual(ONE_MESSAGE);
      expect(out.response, name).toEqual({ text: R });
      expect(out.error_str).toBe(input.error_str);
      expect(out.error_information).toBe(input.error_information);
    }
  });

  it("non-ASCII content is replaced like any other", () => {
    const out = redact(litellmEvents().unicode);
    expect(out.messages).toEqual(ONE_MESSAGE);
    expect(out.response.choices[0].message.content).toBe(R);
  });

  it("a redacted payload is returned as it is (the very same object) when redacted again", () => {
    for (const input of Object.values(litellmEvents())) {
      const once = redactMessages(input);
      expect(once).not.toBe(input);
      expect(redactMessages(deepFreeze(once))).toBe(once);
    }
  });
});

describe("redact_messages by response shape", () => {
  it("Responses API: output texts, content parts, reasoning summaries, call arguments and inputs, instructions; reasoning becomes null", () => {
    const response = {
      id: "resp_1",
      object: "response",
      instructions: "be terse",
      reasoning: { effort: "low", summary: "auto" },
      output: [
        { type: "message", role: "assistant", content: [{ type: "output_text", text: "hi", annotations: [] }, { type: "refusal", refusal: "no" }, { type: "output_text", text: null }] },
        { type: "reasoning", summary: [{ type: "summary_text", text: "thought" }], text: "raw" },
        { type: "function_call", name: "f", call_id: "c1", arguments: '{"a":1}' },
        { type: "custom_tool_call", name: "g", input: "raw input" },
        { type: "web_search_call", status: "completed" },
        "not an object",
      ],
      usage: { input_tokens: 3 },
    };
    const input = { id: "x", messages: [{ role: "user", content: "q" }], response } as Json;
    const out = redact(input);
    expect(out.response).toEqual({
      id: "resp_1",
      object: "response",
      instructions: R,
      reasoning: null,
      output: [
        { type: "message", role: "assistant", content: [{ type: "output_text", text: R, annotations: [] }, { type: "refusal", refusal: R }, { type: "output_text", text: null }] },
        { type: "reasoning", summary: [{ type: "summary_text", text: R }], text: R },
        { type: "function_call", name: "f", call_id: "c1", arguments: R },
        { type: "custom_tool_call", name: "g", input: R },
        { type: "web_search_call", status: "completed" },
        "not an object",
      ],
      usage: { input_tokens: 3 },
    });
    expect(out.response.output[4]).toBe(response.output[4]);
    expect(out.response.usage).toBe(response.usage);
    // Null instructions and reasoning stay null; a non-list output is kept as it is.
    const bare = redact({ response: { output: null, instructions: null, reasoning: null } } as Json);
    expect(bare.response).toEqual({ output: null, instructions: null, reasoning: null });
  });

  it("chat messages and deltas: content, reasoning_content, thinking_blocks and audio", () => {
    const response = {
      choices: [
        { index: 0, message: { role: "assistant", content: "a", reasoning_content: "why", thinking_blocks: [{ type: "thinking", thinking: "t" }], audio: { data: "b64" } } },
        { index: 1, delta: { content: "d", reasoning_content: null, thinking_blocks: null } },
        { index: 2, message: null, text: "fallback text" },
        { index: 3, message: { role: "assistant", content: null } },
      ],
    };
    const out = redact({ response } as Json);
    expect(out.response.choices).toEqual([
      { index: 0, message: { role: "assistant", content: R, reasoning_content: R, thinking_blocks: null, audio: null } },
      { index: 1, delta: { content: R, reasoning_content: null, thinking_blocks: null } },
      { index: 2, message: null, text: R },
      { index: 3, message: { role: "assistant", content: null } },
    ]);
    expect(out.response.choices[3]).toBe(response.choices[3]);
  });

  it("a string response becomes the placeholder; a list or a bare object becomes { text }; null and absent stay", () => {
    expect(redact({ response: "plain text" } as Json).response).toBe(R);
    expect(redact({ response: [{ embedding: [1] }] } as Json).response).toEqual({ text: R });
    expect(redact({ response: { data: [] } } as Json).response).toEqual({ text: R });
    expect(redact({ response: { choices: "odd" } } as Json).response).toEqual({ choices: "odd" });
    const untouched = { id: "n", messages: null, response: null } as Json;
    expect(redactMessages(untouched)).toBe(untouched);
    const empty = {} as Json;
    expect(redactMessages(empty)).toBe(empty);
    expect(redact({ messages: "a prompt string" } as Json).messages).toEqual(ONE_MESSAGE);
    // Only the exact redacted shapes count as already redacted.
    expect(redact({ response: { text: R, model: "m" } } as Json).response).toEqual({ text: R });
    expect(redact({ messages: [{ role: "assistant", content: R }] } as Json).messages).toEqual(ONE_MESSAGE);
    expect(redact({ messages: [{ role: "user", content: R, name: "n" }] } as Json).messages).toEqual(ONE_MESSAGE);
  });

  it("drops the prompt quotes of metadata.routing_decision and the classifier audit fields; keeps the rest", () => {
    const metadata = { user_api_key_team_id: "t", routing_decision: { tier: "simple", signals: ["what is"], matched_keyword: "hi", escalation_keyword: "X", score: 0.2 } };
    const input = { metadata, classifier_input: { messages: ["q"] }, originating_request_masked: { body: 1 }, model: "m" } as Json;
    const out = redact(input);
    expect(out).toEqual({ metadata: { user_api_key_team_id: "t", routing_decision: { tier: "simple", score: 0.2 } }, model: "m" });
    const clean = { metadata: { routing_decision: { tier: "simple" } } } as Json;
    expect(redactMessages(clean)).toBe(clean);
  });

  it("takes its placeholder from the options, through a registry (default redacted-by-litellm)", async () => {
    const registry = createRegistry([redactMessagesProcessor]);
    const custom = await registry.processor("redact_messages", { placeholder: "[hidden]" }, { callbackName: "api" });
    const out = custom.process(litellmEvents().chat, { eventType: "llm_api_success" }) as Json;
    expect(out.messages).toEqual([{ role: "user", content: "[hidden]" }]);
    expect(out.response.choices[0].message.content).toBe("[hidden]");
    const plain = await registry.processor("redact_messages", {}, { callbackName: "api" });
    expect((plain.process(litellmEvents().chat, { eventType: "llm_api_success" }) as Json).messages).toEqual(ONE_MESSAGE);
    await expect(registry.processor("redact_messages", { placeholder: 1 }, { callbackName: "api" }, "p")).rejects.toThrow(/p\.placeholder: must be string/);
  });
});
