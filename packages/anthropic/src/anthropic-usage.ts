import type { TokenUsage } from "@hookline/instrument";

/** Anthropic's `usage` object. */
export interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

/**
 * Anthropic usage with LiteLLM's meanings: prompt tokens include the cache reads and writes
 * (Anthropic counts them apart from `input_tokens`), which are also reported on their own.
 */
export function anthropicUsage(usage: AnthropicUsage | null | undefined): TokenUsage | null {
  if (usage == null || typeof usage.input_tokens !== "number") return null;
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  const prompt = usage.input_tokens + cacheRead + cacheWrite;
  const completion = usage.output_tokens ?? 0;
  return {
    promptTokens: prompt,
    completionTokens: completion,
    totalTokens: prompt + completion,
    ...(usage.cache_read_input_tokens == null ? {} : { cacheReadTokens: cacheRead }),
    ...(usage.cache_creation_input_tokens == null ? {} : { cacheWriteTokens: cacheWrite }),
    raw: usage,
  };
}
