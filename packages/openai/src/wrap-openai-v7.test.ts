// The same wrapper against the newest major of the peer range (openai 7), installed as `openai-v7`.
// openai 7 requires Node 22 (engines), so on Node 20 (one of the CI Node versions) this is skipped by design.
import type { StandardLoggingPayload } from "@hookline/core";
import { litellmFixture, shapeDifferences, startFakeOpenAI, type FakeServer } from "@hookline/fake-providers";
import OpenAI, { RateLimitError } from "openai-v7";
import { Stream } from "openai-v7/streaming";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wrapOpenAI } from "./wrap-openai.js";

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeOpenAI();
});
afterAll(() => server.close());

function wrapped() {
  const logged: StandardLoggingPayload[] = [];
  return { client: wrapOpenAI(new OpenAI({ apiKey: "sk-test", baseURL: server.baseURL, maxRetries: 0 }), { log: (p) => logged.push(p) }), logged };
}
const messages = [{ role: "user" as const, content: "plain" }];

describe.runIf(Number(process.versions.node.split(".")[0]) >= 22)("wrapOpenAI with openai 7", () => {
  it("logs a plain chat call and a stream, returning the SDK's own objects", async () => {
    const { client, logged } = wrapped();
    const completion = await client.chat.completions.create({ model: "gpt-4o-mini", messages });
    const stream = await client.chat.completions.create({ model: "gpt-4o-mini", messages, stream: true, stream_options: { include_usage: true } });
    expect(stream).toBeInstanceOf(Stream);
    const text: string[] = [];
    for await (const chunk of stream) text.push(chunk.choices[0]?.delta.content ?? "");
    expect(text.join("")).toBe("hey there streamed");
    expect(shapeDifferences(logged[0]!, litellmFixture("chat"))).toEqual([]);
    expect(logged[0]).toMatchObject({ id: completion.id, prompt_tokens: 10, completion_tokens: 20 });
    expect(logged[1]).toMatchObject({ stream: true, response: { choices: [{ message: { content: "hey there streamed" } }] }, total_tokens: 30 });
  });

  it("logs responses, embeddings and a 429", async () => {
    const { client, logged } = wrapped();
    for await (const _ of await client.responses.create({ model: "gpt-4o-mini", input: "hi", stream: true })) void _;
    await client.embeddings.create({ model: "text-embedding-3-small", input: "hello world" });
    await expect(client.chat.completions.create({ model: "fail-429", messages })).rejects.toBeInstanceOf(RateLimitError);
    await new Promise((resolve) => setImmediate(resolve));
    expect(logged.map((p) => [p.call_type, p.status])).toEqual([
      ["aresponses", "success"],
      ["aembedding", "success"],
      ["acompletion", "failure"],
    ]);
    expect(logged[2]!.error_information).toMatchObject({ error_code: "429", error_class: "RateLimitError" });
  });
});
