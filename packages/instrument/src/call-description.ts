import type { CallMetadata } from "./call-metadata.js";
import type { TokenUsage } from "./usage.js";

/** What is known when a call starts. */
export interface CallStart {
  /** LiteLLM's `call_type`: `acompletion`, `aresponses`, `aembedding`, `anthropic_messages`. */
  readonly callType: string;
  /** `custom_llm_provider`, also the price table's provider id: `openai`, `anthropic`. */
  readonly provider: string;
  /** The model the caller asked for. */
  readonly model: string;
  /** The client's base URL (printed without credentials or query). */
  readonly apiBase?: string | null;
  readonly stream: boolean;
  /** The request's messages (or input), as sent. */
  readonly messages: unknown;
  /** The request's other parameters (temperature, max_tokens, tools, stream...). */
  readonly modelParameters: Readonly<Record<string, unknown>>;
  /** Metadata found in the request itself (OpenAI's `user`), below the wrapper's and the context's. */
  readonly requestMetadata?: CallMetadata;
}

/** What a call returned. */
export interface CallSuccess {
  /** The provider's response id (`chatcmpl-...`, `msg_...`); the call id when it has none. */
  readonly id?: string | null;
  /** The response body, or for a stream the response put together from its chunks. */
  readonly response: unknown;
  /** Null when the provider reported no usage (then the cost is null, never 0). */
  readonly usage: TokenUsage | null;
}
