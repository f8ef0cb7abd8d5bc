// The same middleware under AI SDK 7 (`ai-v7`, with `@ai-sdk/openai-compatible` 3 as
// `openai-compatible-v3`). ai 7 requires Node 22 (engines), so on Node 20 (one of the CI Node
// versions) this is skipped by design.
import { createOpenAICompatible } from "openai-compatible-v3";
import type { StandardLoggingPayload } from "@hookline/core";
import { litellmFixture, shapeDifferences, startFakeOpenAI, type FakeServer } from "@hookline/fake-providers";
import { embed, generateText, streamText, wrapLanguageModel } from "ai-v7";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hooklineEmbeddingModel, hooklineMiddleware } from "./hookline-middleware.js";

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeOpenAI();
});
afterAll(() => server.close());

describe.runIf(Number(process.versions.node.split(".")[0]) >= 22)("hooklineMiddleware with AI SDK 7", () => {
  it("logs generateText, streamText and embed (through hooklineEmbeddingModel)", async () => {
    const logged: StandardLoggingPayload[] = [];
    const provider = createOpenAICompatible({ name: "openai", baseURL: server.baseURL, apiKey: "sk-test", includeUsage: true });
    // The middleware is typed for v3 models; AI SDK 7 takes the same object.
    const model = wrapLanguageModel({ model: provider.chatModel("gpt-4o-mini"), middleware: hooklineMiddleware({ log: (p) => logged.push(p) }) as never });
    const { text } = await generateText({ model, prompt: "plain", maxRetries: 0 });
    expect(text).toBe("hey there streamed");
    const parts: string[] = [];
    for await (const part of streamText({ model, prompt: "stream", maxRetries: 0 }).textStream) parts.push(part);
    expect(parts).toEqual(["hey", " there", " streamed"]);
    // hooklineEmbeddingModel works on every version.
    const embedder = hooklineEmbeddingModel(provider.textEmbeddingModel("text-embedding-3-small"), { log: (p) => logged.push(p) });
    await embed({ model: embedder, value: "hello world", maxRetries: 0 });
    expect(shapeDifferences(logged[0]!, litellmFixture("chat"))).toEqual([]);
    expect(logged[0]).toMatchObject({ prompt_tokens: 10, completion_tokens: 20, cache_read_input_tokens: 4, reasoning_tokens: 5, response: { choices: [{ finish_reason: "stop", message: { content: "hey there streamed" } }] } });
    expect(logged[1]).toMatchObject({ stream: true, total_tokens: 30, response: { choices: [{ message: { content: "hey there streamed" } }] } });
    expect(logged[2]).toMatchObject({ call_type: "aembedding", prompt_tokens: 8 });
  });
});
