/**
 * The fake providers pick what to do from the requested model name:
 * - `fail-429`, `fail-500`, `fail-529`: an error response with the provider's error body;
 * - `fail-401` (OpenAI): a 401 whose message quotes the API key sent, as OpenAI's does;
 * - `hang`: no answer until the client aborts (at most 10 s);
 * - `slow-stream`: one chunk, then nothing until the client aborts (at most 10 s);
 * - `break-stream`: two chunks, then the connection is cut;
 * - any other model: a normal answer (tool calls when the request has tools, `{"city":"Paris"}`
 *   when it has an OpenAI `response_format`).
 */
export type Scenario = "ok" | "fail-401" | "fail-429" | "fail-500" | "fail-529" | "hang" | "slow-stream" | "break-stream";

export function scenarioOf(model: unknown): Scenario {
  switch (model) {
    case "fail-401":
    case "fail-429":
    case "fail-500":
    case "fail-529":
    case "hang":
    case "slow-stream":
    case "break-stream":
      return model;
    default:
      return "ok";
  }
}

/** Options of the fake providers. */
export interface FakeProviderOptions {
  /** Text pieces of a streamed answer, one chunk each; the plain answer is their concatenation. @default ["hey", " there", " streamed"] */
  readonly pieces?: readonly string[];
}

export const DEFAULT_PIECES: readonly string[] = ["hey", " there", " streamed"];
