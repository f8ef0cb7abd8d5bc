// The same wrapper against a 0.x release of the peer range, installed as `anthropic-sdk-v0`.
import Anthropic, { RateLimitError } from "anthropic-sdk-v0";
import type { StandardLoggingPayload } from "@hookline/core";
import { litellmFixture, shapeDifferences, startFakeAnthropic, type FakeServer } from "@hookline/fake-providers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wrapAnthropic } from "./wrap-anthropic.js";

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeAnthropic();
});
afterAll(() => server.close());

describe("wrapAnthropic with @anthropic-ai/sdk 0.x", () => {
  it("logs messages.create, a stream, messages.stream() and a 429", async () => {
    const logged: StandardLoggingPayload[] = [];
    const client = wrapAnthropic(new Anthropic({ apiKey: "sk-ant-test", baseURL: server.origin, maxRetries: 0 }), { log: (p) => logged.push(p) });
    const messages = [{ role: "user" as const, content: "plain" }];
    const message = await client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 10, messages });
    for await (const _ of await client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 10, messages, stream: true })) void _;
    const final = await client.messages.stream({ model: "claude-sonnet-4-5", max_tokens: 10, messages }).finalMessage();
    await expect(client.messages.create({ model: "fail-429", max_tokens: 10, messages })).rejects.toBeInstanceOf(RateLimitError);
    await new Promise((resolve) => setImmediate(resolve));
    expect(shapeDifferences(logged[0]!, litellmFixture("chat"))).toEqual([]);
    expect(logged.map((p) => [p.id === p.litellm_call_id ? "call id" : p.id, p.stream, p.status])).toEqual([
      [message.id, null, "success"],
      [expect.stringMatching(/^msg_fake_/), true, "success"],
      [final.id, true, "success"],
      ["call id", null, "failure"],
    ]);
    expect(logged[2]!.response).toMatchObject({ content: [{ type: "text", text: "hey there streamed" }] });
  });
});
