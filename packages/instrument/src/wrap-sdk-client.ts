import type { CallStart, CallSuccess } from "./call-description.js";
import type { CallRecorder, Instrumentation } from "./create-instrumentation.js";
import { observeAsyncIterator, type ChunkObserver } from "./observe-async-iterator.js";

type Body = Record<string, unknown>;
type Create = (this: unknown, body: Body, options?: unknown) => unknown;

/** How one SDK method (`create`) is logged. */
export interface SdkEndpoint {
  readonly describe: (body: Body) => CallStart;
  /** The logged result of a plain (not streamed) answer. */
  readonly success: (data: Record<string, unknown>) => CallSuccess;
  /** For methods that stream with `stream: true`: an observer of the chunks. */
  readonly stream?: (call: CallRecorder, aborted: () => boolean) => ChunkObserver<never>;
}

/** Endpoints by resource path (`chat.completions`) and method name (`create`). */
export type SdkEndpoints = Readonly<Record<string, Readonly<Record<string, SdkEndpoint>>>>;

interface ApiPromiseLike {
  readonly responsePromise?: unknown;
  _thenUnwrap?: (transform: (data: unknown) => unknown) => unknown;
  then?: (onData: (data: unknown) => unknown, onError: (error: unknown) => unknown) => unknown;
}

interface StreamLike {
  iterator?: (this: unknown) => AsyncIterator<unknown>;
  readonly controller?: { readonly signal?: { readonly aborted?: boolean } };
}

/**
 * Returns a proxy of a Stainless-generated SDK client (openai, @anthropic-ai/sdk) whose
 * `endpoints` are logged. The SDK's `APIPromise` parses lazily: the proxy adds a transform to
 * it (`_thenUnwrap`, as the SDKs do themselves), so the caller gets the same promise type with
 * `withResponse()` and `asResponse()` intact, and sees failures on the request itself. A stream
 * stays the SDK's `Stream` object: only the function it iterates with is observed.
 */
export function wrapSdkClient<T extends object>(client: T, endpoints: SdkEndpoints, instrumentation: Instrumentation): T {
  return proxyPath(client, "", endpoints, instrumentation);
}

/** A stream observer's end: the SDKs end an aborted stream quietly, but the call failed. */
export function streamEnd(call: CallRecorder, aborted: () => boolean, abortError: () => unknown): (result: CallSuccess, early: boolean) => void {
  return (result, early) => {
    if (!early && aborted()) call.fail(abortError());
    else call.succeed(result);
  };
}

function proxyPath<T extends object>(target: T, path: string, endpoints: SdkEndpoints, instrumentation: Instrumentation): T {
  const here = endpoints[path];
  const cache = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    get(object, key) {
      // Read on the target itself: the SDK's getters and private fields expect it as `this`.
      const value: unknown = Reflect.get(object, key, object);
      if (typeof key !== "string" || value === null || (typeof value !== "object" && typeof value !== "function")) return value;
      const known = cache.get(key);
      if (known !== undefined) return known;
      const childPath = path === "" ? key : `${path}.${key}`;
      const endpoint = here?.[key];
      let wrapped: unknown;
      if (endpoint !== undefined && typeof value === "function") wrapped = wrapCreate(value as Create, object, endpoint, instrumentation);
      else if (typeof value === "object" && Object.keys(endpoints).some((p) => p === childPath || p.startsWith(`${childPath}.`))) wrapped = proxyPath(value, childPath, endpoints, instrumentation);
      else return value;
      cache.set(key, wrapped);
      return wrapped;
    },
  });
}

function wrapCreate(original: Create, owner: object, endpoint: SdkEndpoint, instrumentation: Instrumentation): Create {
  return function create(body, requestOptions) {
    let call: CallRecorder | undefined;
    try {
      call = instrumentation.start(endpoint.describe(body));
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
        if (body["stream"] === true && endpoint.stream !== undefined) observeStream(data as StreamLike, recorder, endpoint.stream, instrumentation);
        else recorder.succeed(endpoint.success(data as Record<string, unknown>));
      } catch (err) {
        instrumentation.reportError(err);
      }
      return data;
    };
    const promise = result as ApiPromiseLike | null;
    if (typeof promise?._thenUnwrap === "function" && promise.responsePromise instanceof Promise) {
      promise.responsePromise.then(undefined, (err: unknown) => recorder.fail(err));
      return promise._thenUnwrap(onData);
    }
    if (typeof promise?.then === "function") promise.then(onData, (err) => recorder.fail(err));
    return result;
  };
}

function observeStream(stream: StreamLike, call: CallRecorder, observer: NonNullable<SdkEndpoint["stream"]>, instrumentation: Instrumentation): void {
  const original = stream.iterator;
  if (typeof original !== "function") {
    call.succeed({ id: null, response: null, usage: null });
    return;
  }
  const aborted = () => stream.controller?.signal?.aborted === true;
  // for-await, tee() and toReadableStream() all go through `iterator`.
  stream.iterator = function iterator(this: unknown) {
    return observeAsyncIterator(original.call(this), observer(call, aborted), (err) => instrumentation.reportError(err));
  };
}
