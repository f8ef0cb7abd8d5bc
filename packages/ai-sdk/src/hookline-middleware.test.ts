import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { StandardLoggingPayload } from "@hookline/core";
import { litellmFixture, shapeDifferences, startFakeAnthropic, startFakeOpenAI, type FakeServer } from "@hookline/fake-providers";
import { APICallError, embed, embedMany, generateObject, generateText, streamObject, streamText, tool, wrapEmbeddingModel, wrapLanguageModel } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { hooklineEmbeddingMiddleware, hooklineMiddleware } from "./hookline-middleware.js";

let openaiServer: FakeServer;
let anthropicServer: FakeServer;
beforeAll(async () => {
  [openaiServer, anthropicServer] = await Promise.all([startFakeOpenAI(), startFakeAnthropic()]);
});
afterAll(() => Promise.all([openaiServer.close(), anthropicServer.close()]));

const compatible = () => createOpenAICompatible({ name: "openai", baseURL: openaiServer.baseURL, apiKey: "sk-test-not-a-key", includeUsage: true });
const anthropic = () => createAnthropic({ baseURL: `${anthropicServer.origin}/v1`, apiKey: "sk-ant-test-not-a-key" });

function setup(options: Partial<Parameters<typeof hooklineMiddleware>[0]> = {}) {
  const logged: StandardLoggingPayload[] = [];
  const middleware = hooklineMiddleware({ log: (p) => logged.push(p), ...options });
  return {
    logged,
    openai: (model = "gpt-4o-mini") => wrapLanguageModel({ model: compatible().chatModel(model), middleware }),
    claude: (model = "claude-sonnet-4-5") => wrapLanguageModel({ model: anthropic()(model), middleware }),
  };
}

const weather = tool({ description: "weather", inputSchema: z.object({ city: z.string() }) });
const settle = () => new Promise((resolve) => setImmediate(resolve));

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe("hooklineMiddleware", () => {
  it("logs generateText through the OpenAI-compatible provider like LiteLLM", async () => {
    const { logged, openai } = setup();
    const { text } = await generateText({ model: openai(), prompt: "plain", temperature: 0.2, maxRetries: 0 });
    const bare = await generateText({ model: compatible().chatModel("gpt-4o-mini"), prompt: "plain", temperature: 0.2, maxRetries: 0 });
    expect(text).toBe(bare.text);
    const payload = logged[0]!;
    expect(shapeDifferences(payload, litellmFixture("chat"))).toEqual([]);
    expect(payload).toMatchObject({
      call_type: "acompletion",
      custom_llm_provider: "openai",
      model: "gpt-4o-mini",
      stream: null,
      messages: [{ role: "user", content: [{ type: "text", text: "plain" }] }],
      model_parameters: { temperature: 0.2, stream: false },
      response: { object: "chat.completion", choices: [{ finish_reason: "stop", message: { role: "assistant", content: "hey there streamed" } }] },
      prompt_tokens: 10,
      completion_tokens: 20,
      cache_read_input_tokens: 4,
      reasoning_tokens: 5,
    });
    expect(payload.id).toMatch(/^chatcmpl-fake-/);
    expect(payload.response_cost).toBeGreaterThan(0);
  });

  it("logs streamText with the same text parts as without the middleware", async () => {
    const { logged, openai } = setup();
    const parts = await collect(streamText({ model: openai(), prompt: "stream", maxRetries: 0 }).textStream);
    const bare = await collect(streamText({ model: compatible().chatModel("gpt-4o-mini"), prompt: "stream", maxRetries: 0 }).textStream);
    expect(parts).toEqual(bare);
    const payload = logged[0]!;
    expect(shapeDifferences(payload, litellmFixture("stream"))).toEqual([]);
    expect(payload).toMatchObject({ stream: true, model_parameters: { stream: true }, response: { choices: [{ message: { content: "hey there streamed" } }] }, total_tokens: 30 });
    expect(payload.completionStartTime!).toBeLessThanOrEqual(payload.endTime!);
  });

  it("logs generateText and streamText through the Anthropic provider, tool calls included", async () => {
    const { logged, claude } = setup();
    const result = await generateText({ model: claude(), prompt: "tools", tools: { weather }, maxRetries: 0 });
    expect(result.toolCalls[0]).toMatchObject({ toolName: "weather", input: { city: "Paris" } });
    await collect(streamText({ model: claude(), prompt: "stream", maxRetries: 0 }).textStream);
    const [generated, streamed] = logged;
    expect(shapeDifferences(generated!, litellmFixture("tools"))).toEqual([]);
    expect(generated).toMatchObject({
      custom_llm_provider: "anthropic",
      model: "claude-sonnet-4-5",
      response: { choices: [{ finish_reason: "tool_calls", message: { tool_calls: [{ id: "toolu_fake_1", function: { name: "weather", arguments: '{"city":"Paris"}' } }] } }] },
      prompt_tokens: 17,
      cache_creation_input_tokens: 3,
    });
    expect(generated!.model_parameters).toHaveProperty("tools");
    expect(generated!.response_cost).toBeGreaterThan(0);
    expect(streamed).toMatchObject({ stream: true, response: { choices: [{ message: { content: "hey there streamed" } }] }, completion_tokens: 20 });
  });

  it("logs generateObject and streamObject", async () => {
    const { logged, openai } = setup();
    const schema = z.object({ city: z.string() });
    const { object } = await generateObject({ model: openai(), schema, prompt: "json", maxRetries: 0 });
    expect(object).toEqual({ city: "Paris" });
    const streamed = streamObject({ model: openai(), schema, prompt: "json", maxRetries: 0 });
    await collect(streamed.partialObjectStream);
    expect(await streamed.object).toEqual({ city: "Paris" });
    expect(logged).toHaveLength(2);
    expect(logged[0]).toMatchObject({ stream: null, response: { choices: [{ message: { content: '{"city":"Paris"}' } }] } });
    expect(logged[0]!.model_parameters).toHaveProperty("responseFormat");
    expect(logged[1]).toMatchObject({ stream: true, response: { choices: [{ message: { content: '{"city":"Paris"}' } }] } });
  });

  it("lets a 429 reach the caller and logs an llm_api_failure", async () => {
    const { logged, openai } = setup();
    const error = await generateText({ model: openai("fail-429"), prompt: "x", maxRetries: 0 }).catch((err: unknown) => err);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(shapeDifferences(logged[0]!, litellmFixture("rateLimit"))).toEqual([]);
    expect(logged[0]).toMatchObject({ status: "failure", error_information: { error_code: "429", error_class: "APICallError", llm_provider: "openai" } });
  });

  it("logs an aborted stream and a stream cut in the middle as failures", async () => {
    const { logged, openai } = setup();
    const controller = new AbortController();
    const aborted = streamText({ model: openai("slow-stream"), prompt: "x", abortSignal: controller.signal, maxRetries: 0, onError: () => {} });
    for await (const part of aborted.textStream) if (part === "hey") controller.abort();
    const broken = streamText({ model: openai("break-stream"), prompt: "x", maxRetries: 0, onError: () => {} });
    await collect(broken.textStream).catch(() => {});
    await settle();
    expect(logged.map((p) => p.status)).toEqual(["failure", "failure"]);
    expect(logged[0]!.error_information?.error_class).toBe("AbortError");
    expect(logged[1]!.stream).toBe(true);
  });

  it("takes per-call metadata from providerOptions.hookline", async () => {
    const { logged, openai } = setup({ metadata: { tags: ["app"] } });
    await generateText({ model: openai(), prompt: "x", maxRetries: 0, providerOptions: { hookline: { user: "u-9", tags: ["call"] } } });
    expect(logged[0]).toMatchObject({ end_user: "u-9", request_tags: ["app", "call"] });
    expect(logged[0]!.model_parameters).not.toHaveProperty("providerOptions");
  });

  it("never lets a failing log reach the call", async () => {
    const { openai } = setup({ log: () => { throw new Error("sink down"); }, onError: () => {} });
    expect((await generateText({ model: openai(), prompt: "x", maxRetries: 0 })).text).toBe("hey there streamed");
    expect(await collect(streamText({ model: openai(), prompt: "x", maxRetries: 0 }).textStream)).toEqual(["hey", " there", " streamed"]);
  });
});

describe("hooklineEmbeddingMiddleware", () => {
  it("logs embed and embedMany like LiteLLM's aembedding", async () => {
    const logged: StandardLoggingPayload[] = [];
    const model = wrapEmbeddingModel({ model: compatible().embeddingModel("text-embedding-3-small"), middleware: hooklineEmbeddingMiddleware({ log: (p) => logged.push(p) }) });
    const { embedding } = await embed({ model, value: "hello world", maxRetries: 0 });
    expect(embedding).toEqual([0.1, 0.2, 0.3]);
    await embedMany({ model, values: ["a", "b"], maxRetries: 0 });
    expect(shapeDifferences(logged[0]!, litellmFixture("embedding"))).toEqual([]);
    expect(logged[0]).toMatchObject({ call_type: "aembedding", messages: [{ role: "user", content: "hello world" }], prompt_tokens: 8, completion_tokens: 0 });
    expect(logged[0]!.response_cost).toBeGreaterThan(0);
    expect(logged[1]!.messages).toEqual([{ role: "user", content: "a" }, { role: "user", content: "b" }]);
  });
});
