/** Token counts of one call, as the provider reported them (OpenAI's meaning: prompt tokens include cached ones). */
export interface TokenUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** @default promptTokens + completionTokens */
  readonly totalTokens?: number;
  /** Prompt tokens read from the provider's cache. */
  readonly cacheReadTokens?: number;
  /** Prompt tokens written to the provider's cache (Anthropic). */
  readonly cacheWriteTokens?: number;
  /** Completion tokens spent on reasoning. */
  readonly reasoningTokens?: number;
  /** The provider's usage object, kept as `metadata.usage_object`. */
  readonly raw?: unknown;
}
