import type { StandardLoggingPayload } from "@hookline/core";
import { litellmFixture, shapeDifferences, startFakeOpenAI, type FakeServer } from "@hookline/fake-providers";
import OpenAI, { APIConnectionTimeoutError, APIUserAbortError, InternalServerError, RateLimitError } from "openai";
import { Stream } from "openai/streaming";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withCallMetadata } from "./index.js";
import { wrapOpenAI } from "./wrap-openai.js";

let server: FakeServer;
let bare: OpenAI;
beforeAll(async () => {
  server = await startFakeOpenAI();
  bare = new OpenAI({ apiKey: "sk-test-not-a-key", baseURL: server.baseURL, maxRetries: 0 });
});
afterAll(() => server.close());

function wrapped(options: Partial<Parameters<typeof wrapOpenAI>[1]> = {}) {
  const logged: StandardLoggingPayload[] = [];
  const client = wrapOpenAI(new OpenAI({ apiKey: "sk-test-not-a-key", baseURL: server.baseURL, maxRetries: 0 }), { log: (p) => logged.push(p), ...options });
  return { client, logged };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
const messages = [{ role: "user" as const, content: "plain" }];
const tools = [{ type: "function" as const, function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } } }];
// The fake server numbers its answers; everything else must match the bare SDK's.
const withoutIds = (value: unknown) => JSON.parse(JSON.stringify(value).replace(/(chatcmpl|resp|msg)[-_]fake[-_]\d+/g, "$1-ID").replace(/"(created|created_at)":\d+/g, '"$1":0'));

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe("wrapOpenAI: chat.completions.create", () => {
  it("returns what the bare SDK returns and logs a LiteLLM-shaped success", async () => {
    const { client, logged } = wrapped();
    const promise = client.chat.completions.create({ model: "gpt-4o-mini", messages, temperature: 0.2, user: "end-user-1" });
    expect(promise.constructor.name).toBe("APIPromise");
    const completion = await promise;
    const expected = await bare.chat.completions.create({ model: "gpt-4o-mini", messages, temperature: 0.2, user: "end-user-1" });
    expect(withoutIds(completion)).toEqual(withoutIds(expected));
    expect(logged).toHaveLength(1);
    const payload = logged[0]!;
    expect(shapeDifferences(payload, litellmFixture("chat"))).toEqual([]);
    expect(payload).toMatchObject({
      id: completion.id,
      call_type: "acompletion",
      stream: null,
      status: "success",
      custom_llm_provider: "openai",
      model: "gpt-4o-mini",
      api_base: server.baseURL,
      messages,
      response: JSON.parse(JSON.stringify(completion)),
      prompt_tokens: 10,
      completion_tokens: 20,
      total_tokens: 30,
      cache_read_input_tokens: 4,
      reasoning_tokens: 5,
      model_parameters: { temperature: 0.2, stream: false },
      end_user: "end-user-1",
    });
    expect(payload.response_cost).toBeGreaterThan(0);
    expect(payload.cost_breakdown?.total_cost).toBe(payload.response_cost);
    expect(JSON.stringify(payload)).not.toContain("sk-test-not-a-key");
  });

  it("keeps withResponse() working", async () => {
    const { client, logged } = wrapped();
    const { data, response } = await client.chat.completions.create({ model: "gpt-4o-mini", messages }).withResponse();
    expect(response.status).toBe(200);
    expect(data.object).toBe("chat.completion");
    expect(logged.map((p) => p.id)).toEqual([data.id]);
  });

  it("logs tool calls", async () => {
    const { client, logged } = wrapped();
    const completion = await client.chat.completions.create({ model: "gpt-4o-mini", messages, tools });
    expect(completion.choices[0]?.message.tool_calls?.[0]).toMatchObject({ function: { name: "get_weather" } });
    expect(shapeDifferences(logged[0]!, litellmFixture("tools"))).toEqual([]);
    expect(logged[0]!.model_parameters).toEqual({ tools, stream: false });
    expect(logged[0]!.response).toMatchObject({ choices: [{ finish_reason: "tool_calls", message: { tool_calls: [{ function: { name: "get_weather", arguments: '{"city":"Paris"}' } }] } }] });
  });

  it("streams the same chunks in the same Stream object and logs the joined response", async () => {
    const { client, logged } = wrapped();
    const request = { model: "gpt-4o-mini", messages, stream: true as const, stream_options: { include_usage: true } };
    const stream = await client.chat.completions.create(request);
    expect(stream).toBeInstanceOf(Stream);
    const chunks = await collect(stream);
    const expected = await collect(await bare.chat.completions.create(request));
    expect(withoutIds(chunks)).toEqual(withoutIds(expected));
    expect(logged).toHaveLength(1);
    const payload = logged[0]!;
    expect(shapeDifferences(payload, litellmFixture("stream"))).toEqual([]);
    expect(payload).toMatchObject({
      id: chunks[0]!.id,
      stream: true,
      model_parameters: { stream: true, stream_options: { include_usage: true } },
      response: { object: "chat.completion", choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: "hey there streamed" } }] },
      prompt_tokens: 10,
      completion_tokens: 20,
    });
    expect(payload.response_cost).toBeGreaterThan(0);
    expect(payload.completionStartTime!).toBeGreaterThanOrEqual(payload.startTime!);
    expect(payload.completionStartTime!).toBeLessThanOrEqual(payload.endTime!);
    expect(payload.response_time).toBeCloseTo(payload.completionStartTime! - payload.startTime!, 6);
  });

  it("gives a stream without usage a null cost, not 0", async () => {
    const { client, logged } = wrapped();
    await collect(await client.chat.completions.create({ model: "gpt-4o-mini", messages, stream: true }));
    expect(logged[0]!.response_cost).toBeNull();
    expect(JSON.stringify(logged[0]!.response_cost_failure_debug_info)).toContain("no token usage");
  });

  it("joins streamed tool call arguments", async () => {
    const { client, logged } = wrapped();
    await collect(await client.chat.completions.create({ model: "gpt-4o-mini", messages, tools, stream: true }));
    expect(logged[0]!.response).toMatchObject({ choices: [{ finish_reason: "tool_calls", message: { content: null, tool_calls: [{ id: "call_fake_1", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }] } }] });
  });

  it("logs the part read when the caller stops early", async () => {
    const { client, logged } = wrapped();
    const stream = await client.chat.completions.create({ model: "gpt-4o-mini", messages, stream: true });
    for await (const chunk of stream) if (chunk.choices[0]?.delta.content === "hey") break;
    expect(logged[0]).toMatchObject({ status: "success", response: { choices: [{ message: { content: "hey" } }] } });
  });

  it("passes tee() through the observed iterator once", async () => {
    const { client, logged } = wrapped();
    const [left, right] = (await client.chat.completions.create({ model: "gpt-4o-mini", messages, stream: true })).tee();
    const [a, b] = await Promise.all([collect(left), collect(right)]);
    expect(a).toEqual(b);
    expect(logged).toHaveLength(1);
  });
});

describe("wrapOpenAI: failures", () => {
  it("lets a 429 reach the caller unchanged and logs an llm_api_failure like LiteLLM's", async () => {
    const { client, logged } = wrapped();
    const error = await client.chat.completions.create({ model: "fail-429", messages }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(RateLimitError);
    const bareError = await bare.chat.completions.create({ model: "fail-429", messages }).catch((err: unknown) => err);
    expect((error as RateLimitError).message).toBe((bareError as RateLimitError).message);
    await settle();
    const payload = logged[0]!;
    expect(shapeDifferences(payload, litellmFixture("rateLimit"))).toEqual([]);
    expect(payload).toMatchObject({
      status: "failure",
      status_fields: { llm_api_status: "failure" },
      response: {},
      response_cost: 0,
      error_information: { error_code: "429", error_class: "RateLimitError", llm_provider: "openai", error_message: (error as Error).message, error_provider_request_id: "req_fake_429" },
    });
    expect(payload.error_str).toContain("RateLimitError");
  });

  it("logs a 500 of a stream request", async () => {
    const { client, logged } = wrapped();
    await expect(client.chat.completions.create({ model: "fail-500", messages, stream: true })).rejects.toBeInstanceOf(InternalServerError);
    await settle();
    expect(shapeDifferences(logged[0]!, litellmFixture("serverError"))).toEqual([]);
    expect(logged[0]!.error_information).toMatchObject({ error_code: "500", error_class: "InternalServerError" });
  });

  it("logs an abort before the answer", async () => {
    const { client, logged } = wrapped();
    const controller = new AbortController();
    const call = client.chat.completions.create({ model: "hang", messages }, { signal: controller.signal });
    const seen = server.requests.length;
    await waitUntil(() => server.requests.length > seen);
    controller.abort();
    await expect(call).rejects.toBeInstanceOf(APIUserAbortError);
    await settle();
    expect(logged[0]).toMatchObject({ status: "failure", error_information: { error_class: "APIUserAbortError" } });
  });

  it("keeps the API key out of the payload when the provider's error quotes it", async () => {
    const { client, logged } = wrapped();
    const error = await client.chat.completions.create({ model: "fail-401", messages }).catch((err: unknown) => err);
    expect((error as Error).message).toContain("sk-test-not-a-key");
    await settle();
    expect(logged[0]!.error_information?.error_code).toBe("401");
    expect(JSON.stringify(logged[0])).not.toContain("sk-test-not-a-key");
    expect(logged[0]!.error_str).toContain("Incorrect API key provided: [redacted]");
  });

  it("logs the SDK's timeout", async () => {
    const { client, logged } = wrapped();
    await expect(client.chat.completions.create({ model: "hang", messages }, { timeout: 50 })).rejects.toBeInstanceOf(APIConnectionTimeoutError);
    await settle();
    expect(logged[0]).toMatchObject({ status: "failure", error_information: { error_class: "APIConnectionTimeoutError" } });
  });

  it("logs an abort in the middle of a stream as a failure (the SDK ends the stream quietly)", async () => {
    const { client, logged } = wrapped();
    const controller = new AbortController();
    const stream = await client.chat.completions.create({ model: "slow-stream", messages, stream: true }, { signal: controller.signal });
    const seen: string[] = [];
    for await (const chunk of stream) {
      seen.push(chunk.choices[0]?.delta.content ?? "");
      if (seen.includes("hey")) controller.abort();
    }
    expect(seen).toEqual(["", "hey"]);
    expect(logged[0]).toMatchObject({ status: "failure", stream: true, error_information: { error_class: "APIUserAbortError" } });
  });

  it("logs a stream cut in the middle, and the caller gets the same error", async () => {
    const { client, logged } = wrapped();
    const run = async (openai: OpenAI) => {
      const chunks: unknown[] = [];
      try {
        for await (const chunk of await openai.chat.completions.create({ model: "break-stream", messages, stream: true })) chunks.push(chunk);
      } catch (err) {
        return { chunks: chunks.length, error: err };
      }
      return { chunks: chunks.length, error: undefined };
    };
    const [mine, theirs] = [await run(client), await run(bare)];
    expect(mine.chunks).toBe(theirs.chunks);
    expect(mine.error).toBeInstanceOf(Error);
    expect((mine.error as Error).constructor).toBe((theirs.error as Error).constructor);
    expect(logged[0]).toMatchObject({ status: "failure", stream: true });
    expect(logged[0]!.error_str).toBeTruthy();
  });

  it("never lets a failing log reach the call", async () => {
    const errors: unknown[] = [];
    const { client } = wrapped({
      log: () => {
        throw new Error("sink down");
      },
      onError: (err) => errors.push(err),
    });
    const completion = await client.chat.completions.create({ model: "gpt-4o-mini", messages });
    expect(completion.object).toBe("chat.completion");
    const chunks = await collect(await client.chat.completions.create({ model: "gpt-4o-mini", messages, stream: true }));
    expect(chunks.length).toBeGreaterThan(0);
    expect(errors).toHaveLength(2);
  });
});

describe("wrapOpenAI: responses and embeddings", () => {
  it("logs responses.create, plain", async () => {
    const { client, logged } = wrapped();
    const response = await client.responses.create({ model: "gpt-4o-mini", input: "hello", temperature: 0.5 });
    expect(response.output_text).toBe("hey there streamed");
    expect(shapeDifferences(logged[0]!, litellmFixture("chat"))).toEqual([]);
    expect(logged[0]).toMatchObject({ id: response.id, call_type: "aresponses", messages: [{ role: "user", content: "hello" }], model_parameters: { temperature: 0.5, stream: false }, prompt_tokens: 10, completion_tokens: 20, cache_read_input_tokens: 4 });
    expect(logged[0]!.response_cost).toBeGreaterThan(0);
  });

  it("logs responses.create, streaming, with the completed response", async () => {
    const { client, logged } = wrapped();
    const events = await collect(await client.responses.create({ model: "gpt-4o-mini", input: "hello", stream: true }));
    const expected = await collect(await bare.responses.create({ model: "gpt-4o-mini", input: "hello", stream: true }));
    expect(withoutIds(events)).toEqual(withoutIds(expected));
    expect(logged[0]).toMatchObject({ call_type: "aresponses", stream: true, response: { status: "completed", output: [{ content: [{ text: "hey there streamed" }] }] }, total_tokens: 30 });
  });

  it("logs a responses stream cut in the middle", async () => {
    const { client, logged } = wrapped();
    await expect(collect(await client.responses.create({ model: "break-stream", input: "hello", stream: true }))).rejects.toThrow();
    expect(logged[0]).toMatchObject({ status: "failure", call_type: "aresponses" });
  });

  it("logs embeddings.create like LiteLLM's aembedding", async () => {
    const { client, logged } = wrapped();
    const result = await client.embeddings.create({ model: "text-embedding-3-small", input: "hello world" });
    const expected = await bare.embeddings.create({ model: "text-embedding-3-small", input: "hello world" });
    expect(result).toEqual(expected);
    expect(result.data[0]!.embedding[0]).toBeCloseTo(0.1, 5);
    expect(shapeDifferences(logged[0]!, litellmFixture("embedding"))).toEqual([]);
    expect(logged[0]).toMatchObject({ call_type: "aembedding", messages: [{ role: "user", content: "hello world" }], prompt_tokens: 8, completion_tokens: 0, stream: null });
    expect(logged[0]!.id).toBe(logged[0]!.litellm_call_id);
    expect(logged[0]!.response_cost).toBeGreaterThan(0);
  });

  it("applies withCallMetadata and callMetadata", async () => {
    const { client, logged } = wrapped({ metadata: { tags: ["static"] }, callMetadata: (request) => ({ fields: { model_asked: request["model"] } }) });
    await withCallMetadata({ sessionId: "sess-1", team: "team-a" }, () => client.embeddings.create({ model: "text-embedding-3-small", input: ["a", "b"] }));
    expect(logged[0]).toMatchObject({ session_id: "sess-1", trace_id: "sess-1", request_tags: ["static"], metadata: { user_api_key_team_id: "team-a", requester_metadata: { model_asked: "text-embedding-3-small" } } });
  });

  it("leaves other resources alone", async () => {
    const { client } = wrapped();
    expect(client.baseURL).toBe(server.baseURL);
    expect(client.models).toBe(client.models);
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!condition()) throw new Error("condition not met in 2 s");
}
