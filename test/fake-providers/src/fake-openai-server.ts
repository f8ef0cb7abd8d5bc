import type { ServerResponse } from "node:http";
import { openSse, sendJson, sseEvent, startFakeServer, untilClosedOr, type FakeServer, type ReceivedRequest } from "./fake-server.js";
import { DEFAULT_PIECES, scenarioOf, type FakeProviderOptions } from "./scenarios.js";

const USAGE = { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30, prompt_tokens_details: { cached_tokens: 4 }, completion_tokens_details: { reasoning_tokens: 5 } };
const TOOL_ARGUMENTS = ['{"city":', '"Paris"}'];

/**
 * A fake OpenAI API on 127.0.0.1: `POST /v1/chat/completions` (JSON and SSE, tool calls, usage
 * chunk with `stream_options.include_usage`), `POST /v1/responses` (JSON and SSE) and
 * `POST /v1/embeddings` (float and base64). See {@link scenarioOf} for errors and aborts.
 */
export function startFakeOpenAI(options: FakeProviderOptions = {}): Promise<FakeServer> {
  const pieces = options.pieces ?? DEFAULT_PIECES;
  let counter = 0;
  return startFakeServer(async (request, res) => {
    counter += 1;
    const scenario = scenarioOf(request.body["model"]);
    if (scenario === "fail-429") return sendJson(res, 429, { error: { message: "Rate limit reached for requests", type: "requests", param: null, code: "rate_limit_exceeded" } }, { "x-request-id": "req_fake_429" });
    // Like a real 401, the message quotes the key it was given.
    if (scenario === "fail-401") return sendJson(res, 401, { error: { message: `Incorrect API key provided: ${String(request.headers.authorization).replace(/^Bearer /, "")}`, type: "invalid_request_error", param: null, code: "invalid_api_key" } });
    if (scenario === "fail-500" || scenario === "fail-529") return sendJson(res, 500, { error: { message: "The server had an error while processing your request", type: "server_error", param: null, code: null } });
    if (scenario === "hang") return untilClosedOr(res, 10_000).then(() => void res.destroy());
    const id = counter;
    if (request.path === "/v1/chat/completions") return chat(request, res, pieces, id, scenario);
    if (request.path === "/v1/responses") return responses(request, res, pieces, id, scenario);
    if (request.path === "/v1/embeddings") return embeddings(request, res);
    sendJson(res, 404, { error: { message: `no route ${request.path}`, type: "invalid_request_error" } });
  });
}

const JSON_PIECES = ['{"city":', '"Paris"}'];

async function chat(request: ReceivedRequest, res: ServerResponse, textPieces: readonly string[], n: number, scenario: string): Promise<void> {
  // A JSON answer when JSON is asked for (generateObject, streamObject).
  const pieces = request.body["response_format"] === undefined ? textPieces : JSON_PIECES;
  const model = String(request.body["model"]);
  const id = `chatcmpl-fake-${n}`;
  const created = Math.floor(Date.now() / 1000);
  const tools = Array.isArray(request.body["tools"]) ? (request.body["tools"] as { function?: { name?: string } }[]) : [];
  const toolName = tools[0]?.function?.name;
  if (request.body["stream"] !== true) {
    const message =
      toolName === undefined
        ? { role: "assistant", content: pieces.join(""), refusal: null }
        : { role: "assistant", content: null, refusal: null, tool_calls: [{ id: "call_fake_1", type: "function", function: { name: toolName, arguments: TOOL_ARGUMENTS.join("") } }] };
    return sendJson(res, 200, {
      id,
      object: "chat.completion",
      created,
      model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: toolName === undefined ? "stop" : "tool_calls" }],
      usage: USAGE,
      system_fingerprint: "fp_fake",
    });
  }
  openSse(res);
  const chunk = (delta: unknown, finish: string | null = null) => ({ id, object: "chat.completion.chunk", created, model, system_fingerprint: "fp_fake", choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
  if (toolName === undefined) {
    sseEvent(res, chunk({ role: "assistant", content: "" }));
    for (const [i, piece] of pieces.entries()) {
      sseEvent(res, chunk({ content: piece }));
      if (scenario === "slow-stream") return untilClosedOr(res, 10_000).then(() => void res.end());
      if (scenario === "break-stream" && i === 1) return void res.destroy();
    }
    sseEvent(res, chunk({}, "stop"));
  } else {
    sseEvent(res, chunk({ role: "assistant", content: null, tool_calls: [{ index: 0, id: "call_fake_1", type: "function", function: { name: toolName, arguments: "" } }] }));
    for (const part of TOOL_ARGUMENTS) sseEvent(res, chunk({ tool_calls: [{ index: 0, function: { arguments: part } }] }));
    sseEvent(res, chunk({}, "tool_calls"));
  }
  const streamOptions = request.body["stream_options"] as { include_usage?: boolean } | undefined;
  if (streamOptions?.include_usage === true) sseEvent(res, { id, object: "chat.completion.chunk", created, model, system_fingerprint: "fp_fake", choices: [], usage: USAGE });
  sseEvent(res, "[DONE]");
  res.end();
}

async function responses(request: ReceivedRequest, res: ServerResponse, pieces: readonly string[], n: number, scenario: string): Promise<void> {
  const model = String(request.body["model"]);
  const base = {
    id: `resp_fake_${n}`,
    object: "response",
    created_at: Math.floor(Date.now() / 1000),
    model,
    error: null,
    incomplete_details: null,
    instructions: null,
    metadata: {},
    parallel_tool_calls: true,
    temperature: 1,
    tool_choice: "auto",
    tools: [],
    top_p: 1,
  };
  const text = pieces.join("");
  const message = { type: "message", id: `msg_fake_${n}`, status: "completed", role: "assistant", content: [{ type: "output_text", text, annotations: [] }] };
  const usage = { input_tokens: 10, input_tokens_details: { cached_tokens: 4 }, output_tokens: 20, output_tokens_details: { reasoning_tokens: 5 }, total_tokens: 30 };
  const done = { ...base, status: "completed", output: [message], usage };
  if (request.body["stream"] !== true) return sendJson(res, 200, done);
  openSse(res);
  let seq = 0;
  const event = (type: string, data: Record<string, unknown>) => sseEvent(res, { type, sequence_number: seq++, ...data }, type);
  event("response.created", { response: { ...base, status: "in_progress", output: [], usage: null } });
  event("response.output_item.added", { output_index: 0, item: { ...message, status: "in_progress", content: [] } });
  for (const [i, piece] of pieces.entries()) {
    event("response.output_text.delta", { item_id: message.id, output_index: 0, content_index: 0, delta: piece });
    if (scenario === "slow-stream") return untilClosedOr(res, 10_000).then(() => void res.end());
    if (scenario === "break-stream" && i === 1) return void res.destroy();
  }
  event("response.output_text.done", { item_id: message.id, output_index: 0, content_index: 0, text });
  event("response.output_item.done", { output_index: 0, item: message });
  event("response.completed", { response: done });
  res.end();
}

function embeddings(request: ReceivedRequest, res: ServerResponse): void {
  const input = request.body["input"];
  const inputs = Array.isArray(input) ? input : [input];
  const vector = [0.1, 0.2, 0.3];
  const base64 = request.body["encoding_format"] === "base64";
  sendJson(res, 200, {
    object: "list",
    data: inputs.map((_, index) => ({ object: "embedding", index, embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString("base64") : vector })),
    model: String(request.body["model"]),
    usage: { prompt_tokens: 8, total_tokens: 8 },
  });
}
