import { APIUserAbortError } from "@anthropic-ai/sdk";
import { createInstrumentation, streamEnd, wrapSdkClient, type CallMetadata, type CallStart, type ChunkObserver, type InstrumentOptions } from "@hookline/instrument";
import { anthropicUsage } from "./anthropic-usage.js";
import { messageStreamObserver } from "./message-stream-accumulator.js";

/** Options of {@link wrapAnthropic}. */
export interface WrapAnthropicOptions extends InstrumentOptions {
  /**
   * Metadata for one call from its request (on top of `metadata` and `withCallMetadata`).
   * The request's `metadata.user_id` is the end user already.
   */
  readonly callMetadata?: (request: Readonly<Record<string, unknown>>) => CallMetadata | undefined;
  /** `custom_llm_provider` and the price table's provider. @default "anthropic" */
  readonly provider?: string;
}

/**
 * Returns `client` with `messages.create` (plain and `stream: true`) and `messages.stream`
 * logged, each call as one LiteLLM StandardLoggingPayload (`call_type: "anthropic_messages"`,
 * LiteLLM's for the Messages API) handed to `options.log`. What the client returns and throws
 * is unchanged: the same `APIPromise`, `Stream` and `MessageStream` objects, chunks and errors.
 *
 * @example
 * ```ts
 * const anthropic = wrapAnthropic(new Anthropic(), { log: pipeline });
 * const message = await anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 1024, messages });
 * ```
 */
export function wrapAnthropic<T extends object>(client: T, options: WrapAnthropicOptions): T {
  const instrumentation = createInstrumentation({ ...options, secrets: [...(options.secrets ?? []), ...clientSecrets(client)] });
  const provider = options.provider ?? "anthropic";
  const apiBase = String((client as { baseURL?: unknown }).baseURL ?? "");
  const describe = (body: Record<string, unknown>): CallStart => {
    const { model, messages, ...parameters } = body;
    const stream = body["stream"] === true;
    const user = (body["metadata"] as { user_id?: unknown } | undefined)?.user_id;
    return {
      callType: "anthropic_messages",
      provider,
      model: String(model),
      apiBase,
      stream,
      messages,
      modelParameters: { ...parameters, stream },
      requestMetadata: { ...options.callMetadata?.(body), ...(typeof user === "string" ? { user } : {}) },
    };
  };
  const abort = () => new APIUserAbortError();
  return wrapSdkClient(
    client,
    {
      // messages.stream() calls `this.create`, and `this` is the wrapped resource: it is logged here too.
      messages: {
        create: {
          describe,
          success: (data) => ({ id: data["id"] as string, response: data, usage: anthropicUsage(data["usage"] as never) }),
          stream: (call, aborted) => messageStreamObserver(() => call.firstChunk(), streamEnd(call, aborted, abort), (err) => call.fail(err)) as ChunkObserver<never>,
        },
      },
    },
    instrumentation,
  );
}

// The client's credentials, which a provider's error message may echo.
function clientSecrets(client: object): string[] {
  const { apiKey, authToken } = client as { apiKey?: unknown; authToken?: unknown };
  return [apiKey, authToken].filter((value): value is string => typeof value === "string");
}
