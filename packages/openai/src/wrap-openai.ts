import { APIUserAbortError } from "openai";
import { createInstrumentation, streamEnd, wrapSdkClient, type CallMetadata, type CallStart, type ChunkObserver, type InstrumentOptions, type SdkEndpoints } from "@hookline/instrument";
import { chatStreamObserver } from "./chat-stream-accumulator.js";
import { chatUsage, responsesUsage } from "./openai-usage.js";
import { responsesStreamObserver } from "./responses-stream-observer.js";

/** Options of {@link wrapOpenAI}. */
export interface WrapOpenAIOptions extends InstrumentOptions {
  /**
   * Metadata for one call from its request (on top of `metadata` and `withCallMetadata`).
   * The request's `user` parameter is the end user already.
   */
  readonly callMetadata?: (request: Readonly<Record<string, unknown>>) => CallMetadata | undefined;
  /** `custom_llm_provider` and the price table's provider. @default "openai" */
  readonly provider?: string;
}

/**
 * Returns `client` with `chat.completions.create`, `responses.create` and `embeddings.create`
 * logged: each call (plain or streamed) becomes one LiteLLM StandardLoggingPayload handed to
 * `options.log`. What the client returns and throws is unchanged: the same promise type
 * (`withResponse()` works), the same `Stream` object yielding the same chunks, the same errors.
 *
 * @example
 * ```ts
 * const openai = wrapOpenAI(new OpenAI(), { log: pipeline, metadata: { tags: ["chat"] } });
 * const completion = await openai.chat.completions.create({ model: "gpt-4o-mini", messages });
 * ```
 */
export function wrapOpenAI<T extends object>(client: T, options: WrapOpenAIOptions): T {
  const instrumentation = createInstrumentation({ ...options, secrets: [...(options.secrets ?? []), ...clientSecrets(client)] });
  const provider = options.provider ?? "openai";
  const apiBase = String((client as { baseURL?: unknown }).baseURL ?? "");
  const describe = (callType: string, inputKey: string) => (body: Record<string, unknown>): CallStart => {
    const { model, [inputKey]: input, user, ...parameters } = body;
    const stream = body["stream"] === true;
    const embedding = callType === "aembedding";
    return {
      callType,
      provider,
      model: String(model),
      apiBase,
      stream,
      // LiteLLM logs an embedding's input, and a Responses input string, as user messages.
      messages: embedding ? embeddingMessages(input) : typeof input === "string" ? [{ role: "user", content: input }] : input,
      modelParameters: embedding ? parameters : { ...parameters, stream },
      requestMetadata: { ...options.callMetadata?.(body), ...(typeof user === "string" ? { user } : {}) },
    };
  };
  const abort = () => new APIUserAbortError();
  const endpoints: SdkEndpoints = {
    "chat.completions": {
      create: {
        describe: describe("acompletion", "messages"),
        success: (data) => ({ id: data["id"] as string, response: data, usage: chatUsage(data["usage"] as never) }),
        stream: (call, aborted) => chatStreamObserver(() => call.firstChunk(), streamEnd(call, aborted, abort), (err) => call.fail(err)) as ChunkObserver<never>,
      },
    },
    responses: {
      create: {
        describe: describe("aresponses", "input"),
        success: (data) => ({ id: data["id"] as string, response: data, usage: responsesUsage(data["usage"] as never) }),
        stream: (call, aborted) => responsesStreamObserver(() => call.firstChunk(), streamEnd(call, aborted, abort), (err) => call.fail(err)) as ChunkObserver<never>,
      },
    },
    embeddings: {
      create: {
        describe: describe("aembedding", "input"),
        // LiteLLM's embedding payload has no response id: the call id stands in.
        success: (data) => ({ id: null, response: data, usage: chatUsage({ completion_tokens: 0, ...(data["usage"] as object) }) }),
      },
    },
  };
  return wrapSdkClient(client, endpoints, instrumentation);
}

function embeddingMessages(input: unknown): unknown {
  const inputs = Array.isArray(input) && input.every((item) => typeof item === "string") ? input : [input];
  return inputs.map((content) => ({ role: "user", content }));
}

// The client's credentials, which a provider's error message may echo.
function clientSecrets(client: object): string[] {
  const { apiKey, authToken } = client as { apiKey?: unknown; authToken?: unknown };
  return [apiKey, authToken].filter((value): value is string => typeof value === "string");
}
