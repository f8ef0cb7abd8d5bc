import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for a model provider, so the example runs offline: an OpenAI-compatible
 * `POST /v1/chat/completions` that streams a canned answer word by word (SSE), with the usage
 * chunk the AI SDK asks for.
 */
export async function startFakeProvider(): Promise<{ baseURL: string; server: Server }> {
  let turn = 0;
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const request = JSON.parse(body) as { model: string; messages: unknown[] };
      turn += 1;
      const words = `Answer ${turn}: you sent ${request.messages.length} message(s).`.split(/(?= )/);
      const chunk = (delta: object, extra: object = {}) =>
        `data: ${JSON.stringify({ id: `chatcmpl-example-${turn}`, object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model: request.model, choices: [{ index: 0, delta, finish_reason: null }], ...extra })}\n\n`;
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(chunk({ role: "assistant", content: "" }));
      for (const word of words) res.write(chunk({ content: word }));
      res.write(chunk({}, { choices: [{ index: 0, delta: {}, finish_reason: "stop" }] }));
      res.write(chunk({}, { choices: [], usage: { prompt_tokens: 12 * turn, completion_tokens: words.length, total_tokens: 12 * turn + words.length } }));
      res.end("data: [DONE]\n\n");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, server };
}
