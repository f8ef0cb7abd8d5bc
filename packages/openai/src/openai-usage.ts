import type { TokenUsage } from "@hookline/instrument";

interface ChatUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
}

interface ResponsesUsage {
  input_tokens?: number;
  output_tokens?: number;
  total_tokens?: number;
  input_tokens_details?: { cached_tokens?: number | null } | null;
  output_tokens_details?: { reasoning_tokens?: number | null } | null;
}

/** Usage of a chat completion or an embedding (`prompt_tokens`...), null when absent. */
export function chatUsage(usage: ChatUsage | null | undefined): TokenUsage | null {
  if (usage == null || typeof usage.prompt_tokens !== "number") return null;
  const cached = usage.prompt_tokens_details?.cached_tokens;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  return {
    promptTokens: usage.prompt_tokens,
    completionTokens: usage.completion_tokens ?? 0,
    totalTokens: usage.total_tokens ?? usage.prompt_tokens + (usage.completion_tokens ?? 0),
    ...(typeof cached === "number" ? { cacheReadTokens: cached } : {}),
    ...(typeof reasoning === "number" ? { reasoningTokens: reasoning } : {}),
    raw: usage,
  };
}

/** Usage of a Responses API response (`input_tokens`...), null when absent. */
export function responsesUsage(usage: ResponsesUsage | null | undefined): TokenUsage | null {
  if (usage == null || typeof usage.input_tokens !== "number") return null;
  const cached = usage.input_tokens_details?.cached_tokens;
  const reasoning = usage.output_tokens_details?.reasoning_tokens;
  return {
    promptTokens: usage.input_tokens,
    completionTokens: usage.output_tokens ?? 0,
    totalTokens: usage.total_tokens ?? usage.input_tokens + (usage.output_tokens ?? 0),
    ...(typeof cached === "number" ? { cacheReadTokens: cached } : {}),
    ...(typeof reasoning === "number" ? { reasoningTokens: reasoning } : {}),
    raw: usage,
  };
}
