import Anthropic, { APIUserAbortError, InternalServerError, RateLimitError } from "@anthropic-ai/sdk";
import type { StandardLoggingPayload } from "@hookline/core";
import { litellmFixture, shapeDifferences, startFakeAnthropic, type FakeServer } from "@hookline/fake-providers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wrapAnthropic } from "./wrap-anthropic.js";

let server: FakeServer;
let bare: Anthropic;
const newClient = () => new Anthropic({ apiKey: "sk-ant-test-not-a-key", baseURL: server.origin, maxRetries: 0 });
beforeAll(async () => {
  server = await startFakeAnthropic();
  bare = newClient();
});
afterAll(() => server.close());

function wrapped(options: Partial<Parameters<typeof wrapAnthropic>[1]> = {}) {
  const logged: StandardLoggingPayload[] = [];
  return { client: wrapAnthropic(newClient(), { log: (p) => logged.push(p), ...options }), logged };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
const model = "claude-sonnet-4-5";
const messages = [{ role: "user" as const, content: "plain" }];
const tools = [{ name: "get_weather", description: "weather", input_schema: { type: "object" as const, properties: { city: { type: "string" } } } }];
const withoutIds = (value: unknown) => JSON.parse(JSON.stringify(value).replace(/msg_fake_\d+/g, "msg_ID"));

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe("wrapAnthropic", () => {
  it("returns what the bare SDK returns and logs a LiteLLM-shaped success", async () => {
    const { client, logged } = wrapped();
    const request = { model, max_tokens: 100, system: "be brief", messages, metadata: { user_id: "end-user-1" } };
    const message = await client.messages.create(request);
    expect(withoutIds(message)).toEqual(withoutIds(await bare.messages.create(request)));
    const payload = logged[0]!;
    expect(shapeDifferences(payload, litellmFixture("chat"))).toEqual([]);
    expect(payload).toMatchObject({
      id: message.id,
      call_type: "anthropic_messages",
      custom_llm_provider: "anthropic",
      model,
      stream: null,
      api_base: `${server.origin}/`,
      messages,
      response: JSON.parse(JSON.stringify(message)),
      model_parameters: { max_tokens: 100, system: "be brief", stream: false, metadata: { user_id: "end-user-1" } },
      // LiteLLM's meaning: prompt tokens include the cache reads (4) and writes (3).
      prompt_tokens: 17,
      completion_tokens: 20,
      total_tokens: 37,
      cache_read_input_tokens: 4,
      cache_creation_input_tokens: 3,
      end_user: "end-user-1",
    });
    expect(payload.response_cost).toBeGreaterThan(0);
    expect(JSON.stringify(payload)).not.toContain("sk-ant-test-not-a-key");
  });

  it("logs tool use", async () => {
    const { client, logged } = wrapped();
    const message = await client.messages.create({ model, max_tokens: 100, messages, tools });
    expect(message.stop_reason).toBe("tool_use");
    expect(logged[0]!.response).toMatchObject({ content: [{ type: "tool_use", name: "get_weather", input: { city: "Paris" } }] });
  });

  it("streams the same events from messages.create({ stream: true }) and logs the joined message", async () => {
    const { client, logged } = wrapped();
    const request = { model, max_tokens: 100, messages, stream: true as const };
    const events = await collect(await client.messages.create(request));
    expect(withoutIds(events)).toEqual(withoutIds(await collect(await bare.messages.create(request))));
    const payload = logged[0]!;
    expect(shapeDifferences(payload, litellmFixture("stream"))).toEqual([]);
    expect(payload).toMatchObject({ stream: true, response: { role: "assistant", content: [{ type: "text", text: "hey there streamed" }], stop_reason: "end_turn" }, prompt_tokens: 17, completion_tokens: 20 });
    expect(payload.completionStartTime!).toBeLessThanOrEqual(payload.endTime!);
  });

  it("logs messages.stream() once, with the same final message the helper gives", async () => {
    const { client, logged } = wrapped();
    const stream = client.messages.stream({ model, max_tokens: 100, messages, tools });
    const final = await stream.finalMessage();
    expect(final.content[0]).toMatchObject({ type: "tool_use", input: { city: "Paris" } });
    await settle();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ stream: true, response: { id: final.id, content: [{ type: "tool_use", name: "get_weather", input: { city: "Paris" } }], stop_reason: "tool_use" } });
  });

  it("logs a 429 and the caller gets the SDK's RateLimitError", async () => {
    const { client, logged } = wrapped();
    const error = await client.messages.create({ model: "fail-429", max_tokens: 10, messages }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(RateLimitError);
    await settle();
    expect(shapeDifferences(logged[0]!, litellmFixture("rateLimit"))).toEqual([]);
    expect(logged[0]).toMatchObject({ status: "failure", error_information: { error_code: "429", error_class: "RateLimitError", llm_provider: "anthropic", error_provider_request_id: "req_fake_429" } });
  });

  it("logs a 500 of a stream request", async () => {
    const { client, logged } = wrapped();
    await expect(client.messages.create({ model: "fail-500", max_tokens: 10, messages, stream: true })).rejects.toBeInstanceOf(InternalServerError);
    await settle();
    expect(logged[0]!.error_information).toMatchObject({ error_code: "500", error_class: "InternalServerError" });
  });

  it("logs Anthropic's 529 overloaded error", async () => {
    const { client, logged } = wrapped();
    const error = await client.messages.create({ model: "fail-529", max_tokens: 10, messages }).catch((err: unknown) => err);
    expect((error as { status?: number }).status).toBe(529);
    await settle();
    expect(logged[0]!.error_information).toMatchObject({ error_code: "529", error_class: (error as Error).constructor.name, error_message: (error as Error).message });
  });

  it("logs an aborted messages.stream()", async () => {
    const { client, logged } = wrapped();
    const stream = client.messages.stream({ model: "slow-stream", max_tokens: 10, messages });
    stream.on("text", () => stream.abort());
    await expect(stream.finalMessage()).rejects.toBeInstanceOf(APIUserAbortError);
    await settle();
    expect(logged[0]).toMatchObject({ status: "failure", stream: true, error_information: { error_class: "APIUserAbortError" } });
  });

  it("logs a stream cut in the middle, and the caller gets the same error as without the wrapper", async () => {
    const { client, logged } = wrapped();
    const run = async (anthropic: Anthropic) => collect(await anthropic.messages.create({ model: "break-stream", max_tokens: 10, messages, stream: true })).catch((err: unknown) => err);
    const [mine, theirs] = [await run(client), await run(bare)];
    expect(mine).toBeInstanceOf(Error);
    expect((mine as Error).constructor).toBe((theirs as Error).constructor);
    expect(logged[0]).toMatchObject({ status: "failure", stream: true });
  });

  it("never lets a failing log reach the call", async () => {
    const { client } = wrapped({ log: () => { throw new Error("sink down"); }, onError: () => {} });
    const message = await client.messages.create({ model, max_tokens: 10, messages });
    expect(message.type).toBe("message");
  });
});
