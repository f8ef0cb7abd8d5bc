import type { ServerResponse } from "node:http";
import { openSse, sendJson, sseEvent, startFakeServer, untilClosedOr, type FakeServer, type ReceivedRequest } from "./fake-server.js";
import { DEFAULT_PIECES, scenarioOf, type FakeProviderOptions } from "./scenarios.js";

const TOOL_INPUT = ['{"city":', '"Paris"}'];

/**
 * A fake Anthropic API on 127.0.0.1: `POST /v1/messages`, JSON and SSE (the message_start ...
 * message_stop events), tool use when the request has tools. See {@link scenarioOf} for errors
 * (`fail-529` is Anthropic's overloaded error) and aborts.
 */
export function startFakeAnthropic(options: FakeProviderOptions = {}): Promise<FakeServer> {
  const pieces = options.pieces ?? DEFAULT_PIECES;
  let counter = 0;
  return startFakeServer(async (request, res) => {
    counter += 1;
    const scenario = scenarioOf(request.body["model"]);
    const error = (status: number, type: string, message: string) => sendJson(res, status, { type: "error", error: { type, message } }, { "request-id": `req_fake_${status}` });
    if (scenario === "fail-429") return error(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit");
    if (scenario === "fail-500") return error(500, "api_error", "Internal server error");
    if (scenario === "fail-529") return error(529, "overloaded_error", "Overloaded");
    if (scenario === "hang") return untilClosedOr(res, 10_000).then(() => void res.destroy());
    if (request.path !== "/v1/messages") return error(404, "not_found_error", `no route ${request.path}`);
    return messages(request, res, pieces, counter, scenario);
  });
}

async function messages(request: ReceivedRequest, res: ServerResponse, pieces: readonly string[], n: number, scenario: string): Promise<void> {
  const model = String(request.body["model"]);
  const tools = Array.isArray(request.body["tools"]) ? (request.body["tools"] as { name?: string }[]) : [];
  const toolName = tools[0]?.name;
  const usage = { input_tokens: 10, cache_creation_input_tokens: 3, cache_read_input_tokens: 4, output_tokens: 20 };
  const base = { id: `msg_fake_${n}`, type: "message", role: "assistant", model, stop_sequence: null };
  if (request.body["stream"] !== true) {
    const content =
      toolName === undefined ? [{ type: "text", text: pieces.join("") }] : [{ type: "tool_use", id: "toolu_fake_1", name: toolName, input: JSON.parse(TOOL_INPUT.join("")) as unknown }];
    return sendJson(res, 200, { ...base, content, stop_reason: toolName === undefined ? "end_turn" : "tool_use", usage });
  }
  openSse(res);
  const event = (type: string, data: Record<string, unknown>) => sseEvent(res, { type, ...data }, type);
  event("message_start", { message: { ...base, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } } });
  if (toolName === undefined) {
    event("content_block_start", { index: 0, content_block: { type: "text", text: "" } });
    for (const [i, piece] of pieces.entries()) {
      event("content_block_delta", { index: 0, delta: { type: "text_delta", text: piece } });
      if (scenario === "slow-stream") return untilClosedOr(res, 10_000).then(() => void res.end());
      if (scenario === "break-stream" && i === 1) return void res.destroy();
    }
  } else {
    event("content_block_start", { index: 0, content_block: { type: "tool_use", id: "toolu_fake_1", name: toolName, input: {} } });
    for (const part of TOOL_INPUT) event("content_block_delta", { index: 0, delta: { type: "input_json_delta", partial_json: part } });
  }
  event("content_block_stop", { index: 0 });
  event("message_delta", { delta: { stop_reason: toolName === undefined ? "end_turn" : "tool_use", stop_sequence: null }, usage: { output_tokens: 20 } });
  event("message_stop", {});
  res.end();
}
