import { APIUserAbortError } from "openai";
import { createInstrumentation, observeAsyncIterator, type CallMetadata, type CallRecorder, type CallStart, type CallSuccess, type ChunkObserver, type InstrumentOptions, type Instrumentation } from "@hookline/instrument";
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

type Body = Record<string, unknown>;
type Create = (this: unknown, body: Body, options?: unknown) => unknown;

interface Endpoint {
  readonly callType: string;
  /** The request field that holds the messages (LiteLLM's `messages`). */
  readonly input: "messages" | "input";
  readonly success: (data: Record<string, unknown>) => CallSuccess;
  readonly stream?: (call: CallRecorder, onAborted: () => boolean) => ChunkObserver<never>;
}

const streamEnd = (call: CallRecorder, aborted: () => boolean) => (result: CallSuccess, early: boolean) => {
  // The SDK ends an aborted stream quietly; the call still failed.
  if (!early && aborted()) call.fail(new APIUserAbortError());
  else call.succeed(result);
};

const ENDPOINTS: Readonly<Record<string, Readonly<Record<string, Endpoint>>>> = {
  "chat.completions": {
    create: {
      callType: "acompletion",
      input: "messages",
      success: (data) => ({ id: data["id"] as string, response: data, usage: chatUsage(data["usage"] as never) }),
      stream: (call, aborted) => chatStreamObserver(() => call.firstChunk(), streamEnd(call, aborted), (err) => call.fail(err)) as ChunkObserver<never>,
    },
  },
  responses: {
    create: {
      callType: "aresponses",
      input: "input",
      success: (data) => ({ id: data["id"] as string, response: data, usage: responsesUsage(data["usage"] as never) }),
      stream: (call, aborted) => responsesStreamObserver(() => call.firstChunk(), streamEnd(call, aborted), (err) => call.fail(err)) as ChunkObserver<never>,
    },
  },
  embeddings: {
    create: {
      callType: "aembedding",
      input: "input",
      // LiteLLM's embedding payload has no response id: the call id stands in.
      success: (data) => ({ id: null, response: data, usage: chatUsage({ completion_tokens: 0, ...(data["usage"] as object) }) }),
    },
  },
};

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
  const instrumentation = createInstrumentation(options);
  const provider = options.provider ?? "openai";
  const apiBase = String((client as { baseURL?: unknown }).baseURL ?? "");
  const context = { instrumentation, provider, apiBase, options };
  return proxyPath(client, "", context);
}

interface WrapContext {
  readonly instrumentation: Instrumentation;
  readonly provider: string;
  readonly apiBase: string;
  readonly options: WrapOpenAIOptions;
}

function proxyPath<T extends object>(target: T, path: string, context: WrapContext): T {
  const endpoints = ENDPOINTS[path];
  const cache = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    get(object, key) {
      // Read on the target itself: the SDK's getters and private fields expect it as `this`.
      const value: unknown = Reflect.get(object, key, object);
      if (typeof key !== "string" || value === null || (typeof value !== "object" && typeof value !== "function")) return value;
      const known = cache.get(key);
      if (known !== undefined) return known;
      const childPath = path === "" ? key : `${path}.${key}`;
      const endpoint = endpoints?.[key];
      let wrapped: unknown;
      if (endpoint !== undefined && typeof value === "function") wrapped = wrapCreate(value as Create, object, endpoint, context);
      else if (typeof value === "object" && Object.keys(ENDPOINTS).some((p) => p === childPath || p.startsWith(`${childPath}.`))) wrapped = proxyPath(value, childPath, context);
      else return value;
      cache.set(key, wrapped);
      return wrapped;
    },
  });
}

function describe(body: Body, endpoint: Endpoint, context: WrapContext): CallStart {
  const { model, [endpoint.input]: input, user, ...parameters } = body;
  const stream = body["stream"] === true;
  const messages = endpoint.callType === "aembedding" ? embeddingMessages(input) : typeof input === "string" ? [{ role: "user", content: input }] : input;
  const requestMetadata: CallMetadata = { ...context.options.callMetadata?.(body), ...(typeof user === "string" ? { user } : {}) };
  return {
    callType: endpoint.callType,
    provider: context.provider,
    model: String(model),
    apiBase: context.apiBase,
    stream,
    messages,
    modelParameters: endpoint.callType === "aembedding" ? parameters : { ...parameters, stream },
    requestMetadata,
  };
}

// LiteLLM logs an embedding's input as user messages (and a Responses input string as one).
function embeddingMessages(input: unknown): unknown {
  const inputs = Array.isArray(input) && input.every((item) => typeof item === "string") ? input : [input];
  return inputs.map((content) => ({ role: "user", content }));
}

interface ApiPromiseLike {
  readonly responsePromise?: unknown;
  _thenUnwrap?: (transform: (data: unknown) => unknown) => unknown;
  then?: (onData: (data: unknown) => unknown, onError: (error: unknown) => unknown) => unknown;
}

interface StreamLike {
  iterator?: (this: unknown) => AsyncIterator<unknown>;
  readonly controller?: { readonly signal?: { readonly aborted?: boolean } };
}

function wrapCreate(original: Create, owner: object, endpoint: Endpoint, context: WrapContext): Create {
  const { instrumentation } = context;
  return function create(body, requestOptions) {
    let call: CallRecorder | undefined;
    try {
      call = instrumentation.start(describe(body, endpoint, context));
    } catch (err) {
      instrumentation.reportError(err);
    }
    let result: unknown;
    try {
      result = original.call(owner, body, requestOptions);
    } catch (err) {
      call?.fail(err);
      throw err;
    }
    if (call === undefined) return result;
    const recorder = call;
    const onData = (data: unknown): unknown => {
      try {
        if (body["stream"] === true && endpoint.stream !== undefined) observeStream(data as StreamLike, recorder, endpoint, instrumentation);
        else recorder.succeed(endpoint.success(data as Record<string, unknown>));
      } catch (err) {
        instrumentation.reportError(err);
      }
      return data;
    };
    const promise = result as ApiPromiseLike | null;
    // The SDK's APIPromise parses lazily: a transform on it keeps asResponse() untouched and
    // returns the same promise type; failures are seen on the request itself.
    if (typeof promise?._thenUnwrap === "function" && promise.responsePromise instanceof Promise) {
      promise.responsePromise.then(undefined, (err: unknown) => recorder.fail(err));
      return promise._thenUnwrap(onData);
    }
    if (typeof promise?.then === "function") promise.then(onData, (err) => recorder.fail(err));
    return result;
  };
}

function observeStream(stream: StreamLike, call: CallRecorder, endpoint: Endpoint, instrumentation: Instrumentation): void {
  const original = stream.iterator;
  if (typeof original !== "function" || endpoint.stream === undefined) {
    call.succeed({ id: null, response: null, usage: null });
    return;
  }
  const observer = endpoint.stream;
  const aborted = () => stream.controller?.signal?.aborted === true;
  // The Stream object stays the caller's; only the function it iterates with is observed, so
  // for-await, tee() and toReadableStream() all go through it.
  stream.iterator = function iterator(this: unknown) {
    return observeAsyncIterator(original.call(this), observer(call, aborted), (err) => instrumentation.reportError(err));
  };
}
