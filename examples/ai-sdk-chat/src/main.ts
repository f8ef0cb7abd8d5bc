import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { streamText, wrapLanguageModel, type ModelMessage } from "ai";
import { hooklineMiddleware } from "@hookline/ai-sdk";
import { createPipeline } from "@hookline/core";
import { httpExporter } from "@hookline/exporters";
import { ndjson } from "@hookline/formatters";
import { startFakeProvider } from "./fake-provider.js";
import { startLogEndpoint } from "./log-endpoint.js";

const provider = await startFakeProvider();
const endpoint = await startLogEndpoint();

// 1. A pipeline that ships LiteLLM payloads to the endpoint as NDJSON.
const pipeline = createPipeline({ callbacks: [{ name: "logs", formatter: ndjson(), exporter: httpExporter({ url: endpoint.url }), flushIntervalMs: 1_000 }] });

// 2. The AI SDK model, wrapped: every call becomes one payload.
const openai = createOpenAICompatible({ name: "openai", baseURL: provider.baseURL, apiKey: "not-needed-here", includeUsage: true });
const model = wrapLanguageModel({ model: openai.chatModel("gpt-4o-mini"), middleware: hooklineMiddleware({ log: pipeline, metadata: { tags: ["example"] } }) });

// 3. A two-turn chat, streamed to the terminal.
const messages: ModelMessage[] = [];
for (const question of ["Hello!", "And now?"]) {
  messages.push({ role: "user", content: question });
  process.stdout.write(`user: ${question}\nassistant: `);
  const result = streamText({ model, messages, providerOptions: { hookline: { user: "example-user", sessionId: "example-session" } } });
  for await (const text of result.textStream) process.stdout.write(text);
  process.stdout.write("\n");
  messages.push({ role: "assistant", content: await result.text });
}

// 4. Deliver what is queued, then show what the endpoint received.
await pipeline.shutdown({ deadlineMs: 5_000 });
for (const event of endpoint.received) {
  console.log(`endpoint received: ${JSON.stringify({ id: event["id"], status: event["status"], stream: event["stream"], prompt_tokens: event["prompt_tokens"], completion_tokens: event["completion_tokens"], response_cost: event["response_cost"], end_user: event["end_user"], trace_id: event["trace_id"] })}`);
}
provider.server.close();
endpoint.server.close();
