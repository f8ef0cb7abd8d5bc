import type { EmbeddingModelV3Middleware, LanguageModelV3Middleware, LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { createInstrumentation, type CallMetadata, type CallRecorder, type CallStart, type InstrumentOptions, type TokenUsage } from "@hookline/instrument";
import { aiSdkUsage, type AiSdkUsage } from "./ai-sdk-usage.js";
import { chatCompletion, finishReasonOf, type ContentPart } from "./chat-completion.js";

/** Options of {@link hooklineMiddleware} and {@link hooklineEmbeddingMiddleware}. */
export interface HooklineMiddlewareOptions extends InstrumentOptions {
  /**
   * `custom_llm_provider` (and the price table's provider) from the AI SDK's provider name.
   * @default the part before the first dot (`"anthropic.messages"` → `"anthropic"`)
   */
  readonly provider?: string | ((aiSdkProvider: string) => string);
  /** `api_base`, which the AI SDK does not expose. @default "" (as LiteLLM's proxy logs it) */
  readonly apiBase?: string;
}

interface ModelInfo {
  readonly provider: string;
  readonly modelId: string;
}

type Params = Record<string, unknown> & { prompt?: unknown; providerOptions?: Record<string, unknown> };

// Parameters that are plumbing, not the model's: never logged.
const NOT_PARAMETERS = new Set(["prompt", "abortSignal", "headers", "providerOptions", "values", "includeRawChunks"]);

/**
 * A Vercel AI SDK language-model middleware that logs every model call (`generateText`,
 * `streamText`, `generateObject`, `streamObject`, each step of a tool loop) as one LiteLLM
 * StandardLoggingPayload. The result and the stream parts reach the AI SDK unchanged.
 * Per-call metadata: `providerOptions: { hookline: { user, tags, ... } }`.
 *
 * @example
 * ```ts
 * const model = wrapLanguageModel({ model: anthropic("claude-sonnet-4-5"), middleware: hooklineMiddleware({ log: pipeline }) });
 * const { text } = await generateText({ model, prompt: "hi" });
 * ```
 */
export function hooklineMiddleware(options: HooklineMiddlewareOptions): LanguageModelV3Middleware {
  const instrumentation = createInstrumentation(options);
  const describe = (model: ModelInfo, params: Params, stream: boolean): CallStart => describeCall(options, model, params, stream, "acompletion");
  return {
    specificationVersion: "v3",
    async wrapGenerate({ doGenerate, params, model }) {
      const call = instrumentation.start(describe(model, params as Params, false));
      let result: Awaited<ReturnType<typeof doGenerate>>;
      try {
        result = await doGenerate();
      } catch (err) {
        call.fail(err);
        throw err;
      }
      try {
        const usage = aiSdkUsage(result.usage as AiSdkUsage);
        const meta = { id: result.response?.id ?? null, model: result.response?.modelId ?? model.modelId, created: createdOf(result.response?.timestamp) };
        call.succeed({ id: meta.id, response: chatCompletion(meta, result.content as ContentPart[], finishReasonOf(result.finishReason), openAiUsage(usage)), usage });
      } catch (err) {
        instrumentation.reportError(err);
      }
      return result;
    },
    async wrapStream({ doStream, params, model }) {
      const call = instrumentation.start(describe(model, params as Params, true));
      let result: Awaited<ReturnType<typeof doStream>>;
      try {
        result = await doStream();
      } catch (err) {
        call.fail(err);
        throw err;
      }
      return { ...result, stream: observeStream(result.stream, call, model, (err) => instrumentation.reportError(err)) };
    },
  };
}

/**
 * A Vercel AI SDK embedding-model middleware (`wrapEmbeddingModel`) that logs every embedding
 * call (`embed`, `embedMany`) as a LiteLLM `aembedding` payload.
 */
export function hooklineEmbeddingMiddleware(options: HooklineMiddlewareOptions): EmbeddingModelV3Middleware {
  const instrumentation = createInstrumentation(options);
  return {
    specificationVersion: "v3",
    async wrapEmbed({ doEmbed, params, model }) {
      const values = (params as { values?: unknown[] }).values ?? [];
      const call = instrumentation.start({
        ...describeCall(options, model, params as Params, false, "aembedding"),
        messages: values.map((content) => ({ role: "user", content })),
        modelParameters: {},
      });
      let result: Awaited<ReturnType<typeof doEmbed>>;
      try {
        result = await doEmbed();
      } catch (err) {
        call.fail(err);
        throw err;
      }
      const tokens = result.usage?.tokens;
      const usage: TokenUsage | null = typeof tokens === "number" ? { promptTokens: tokens, completionTokens: 0, totalTokens: tokens } : null;
      call.succeed({
        id: null,
        response: {
          model: model.modelId,
          data: result.embeddings.map((embedding, index) => ({ embedding, index, object: "embedding" })),
          object: "list",
          usage: openAiUsage(usage),
        },
        usage,
      });
      return result;
    },
  };
}

function describeCall(options: HooklineMiddlewareOptions, model: ModelInfo, params: Params, stream: boolean, callType: string): CallStart {
  const provider = typeof options.provider === "function" ? options.provider(model.provider) : (options.provider ?? model.provider.split(".")[0] ?? model.provider);
  const modelParameters: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) if (!NOT_PARAMETERS.has(key) && value !== undefined) modelParameters[key] = value;
  modelParameters["stream"] = stream;
  const requestMetadata = params.providerOptions?.["hookline"] as CallMetadata | undefined;
  return {
    callType,
    provider,
    model: model.modelId,
    apiBase: options.apiBase ?? "",
    stream,
    messages: params.prompt,
    modelParameters,
    ...(requestMetadata === undefined ? {} : { requestMetadata }),
  };
}

function createdOf(timestamp: unknown): number {
  return Math.floor((timestamp instanceof Date ? timestamp.getTime() : Date.now()) / 1000);
}

function openAiUsage(usage: TokenUsage | null): Record<string, unknown> | null {
  if (usage === null) return null;
  return {
    completion_tokens: usage.completionTokens,
    prompt_tokens: usage.promptTokens,
    total_tokens: usage.totalTokens ?? usage.promptTokens + usage.completionTokens,
    completion_tokens_details: usage.reasoningTokens === undefined ? null : { reasoning_tokens: usage.reasoningTokens },
    prompt_tokens_details: usage.cacheReadTokens === undefined ? null : { cached_tokens: usage.cacheReadTokens },
  };
}

/**
 * The same stream, read on demand (no buffering ahead, so the first part arrives when it
 * would have), with each part seen on the way: text and tool calls gathered, the finish part's
 * usage, an `error` part or a failing read as the call's failure, a cancel as an early end.
 */
function observeStream(source: ReadableStream<LanguageModelV3StreamPart>, call: CallRecorder, model: ModelInfo, onError: (error: unknown) => void): ReadableStream<LanguageModelV3StreamPart> {
  const reader = source.getReader();
  const text: string[] = [];
  const reasoning: string[] = [];
  const tools: ContentPart[] = [];
  let meta = { id: null as string | null, model: model.modelId, created: createdOf(undefined) };
  let usage: TokenUsage | null = null;
  let finishReason: string | null = null;
  let streamError: unknown;
  let first = true;
  const see = (part: LanguageModelV3StreamPart): void => {
    if (first && part.type !== "stream-start") {
      first = false;
      call.firstChunk();
    }
    switch (part.type) {
      case "text-delta":
        text.push(part.delta);
        break;
      case "reasoning-delta":
        reasoning.push(part.delta);
        break;
      case "tool-call":
        tools.push(part as ContentPart);
        break;
      case "response-metadata":
        meta = { id: part.id ?? meta.id, model: part.modelId ?? meta.model, created: part.timestamp ? createdOf(part.timestamp) : meta.created };
        break;
      case "finish":
        usage = aiSdkUsage(part.usage as AiSdkUsage);
        finishReason = finishReasonOf(part.finishReason);
        break;
      case "error":
        streamError = part.error;
        break;
    }
  };
  const end = (): void => {
    try {
      if (streamError !== undefined) return call.fail(streamError);
      const content: ContentPart[] = [
        ...(text.length > 0 ? [{ type: "text", text: text.join("") }] : []),
        ...(reasoning.length > 0 ? [{ type: "reasoning", text: reasoning.join("") }] : []),
        ...tools,
      ];
      call.succeed({ id: meta.id, response: chatCompletion(meta, content, finishReason, openAiUsage(usage)), usage });
    } catch (err) {
      onError(err);
    }
  };
  return new ReadableStream<LanguageModelV3StreamPart>(
    {
      async pull(controller) {
        let next: Awaited<ReturnType<typeof reader.read>>;
        try {
          next = await reader.read();
        } catch (err) {
          call.fail(err);
          controller.error(err);
          return;
        }
        if (next.done) {
          end();
          controller.close();
          return;
        }
        try {
          see(next.value);
        } catch (err) {
          onError(err);
        }
        controller.enqueue(next.value);
      },
      cancel(reason) {
        end();
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

interface EmbeddingModelLike {
  readonly provider: string;
  readonly modelId: string;
  doEmbed(options: never): PromiseLike<unknown>;
}

/**
 * The embedding model, logged, for AI SDK versions without `wrapEmbeddingModel` (ai 5): the same
 * model with `doEmbed` going through {@link hooklineEmbeddingMiddleware}.
 *
 * @example
 * ```ts
 * const model = hooklineEmbeddingModel(openai.textEmbeddingModel("text-embedding-3-small"), { log: pipeline });
 * await embed({ model, value: "hello" });
 * ```
 */
export function hooklineEmbeddingModel<M extends EmbeddingModelLike>(model: M, options: HooklineMiddlewareOptions): M {
  const middleware = hooklineEmbeddingMiddleware(options);
  return new Proxy(model, {
    get(target, key) {
      if (key !== "doEmbed") return Reflect.get(target, key, target);
      return (params: never) =>
        middleware.wrapEmbed!({ doEmbed: () => target.doEmbed(params) as never, params, model: target as never });
    },
  });
}
