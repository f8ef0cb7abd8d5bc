import type { TokenUsage } from "@hookline/instrument";

type Count = number | undefined | null;

/** The AI SDK's usage: v3 (ai 6: `inputTokens.total`...) or v2 (ai 5: `inputTokens` a number). */
export interface AiSdkUsage {
  inputTokens?: Count | { total?: Count; noCache?: Count; cacheRead?: Count; cacheWrite?: Count };
  outputTokens?: Count | { total?: Count; text?: Count; reasoning?: Count };
  totalTokens?: Count;
  reasoningTokens?: Count;
  cachedInputTokens?: Count;
  raw?: unknown;
}

const num = (value: Count): number | undefined => (typeof value === "number" ? value : undefined);

/** LiteLLM's token counts from the AI SDK's usage; null when the provider reported none. */
export function aiSdkUsage(usage: AiSdkUsage | null | undefined): TokenUsage | null {
  if (usage == null) return null;
  const input = usage.inputTokens;
  const output = usage.outputTokens;
  const v3Input = typeof input === "object" && input !== null ? input : undefined;
  const v3Output = typeof output === "object" && output !== null ? output : undefined;
  const prompt = v3Input ? num(v3Input.total) : num(input as Count);
  const completion = v3Output ? num(v3Output.total) : num(output as Count);
  if (prompt === undefined && completion === undefined) return null;
  const cacheRead = v3Input ? num(v3Input.cacheRead) : num(usage.cachedInputTokens);
  const cacheWrite = v3Input ? num(v3Input.cacheWrite) : undefined;
  const reasoning = v3Output ? num(v3Output.reasoning) : num(usage.reasoningTokens);
  return {
    promptTokens: prompt ?? 0,
    completionTokens: completion ?? 0,
    totalTokens: num(usage.totalTokens) ?? (prompt ?? 0) + (completion ?? 0),
    ...(cacheRead === undefined ? {} : { cacheReadTokens: cacheRead }),
    ...(cacheWrite === undefined ? {} : { cacheWriteTokens: cacheWrite }),
    ...(reasoning === undefined ? {} : { reasoningTokens: reasoning }),
    raw: usage.raw ?? usage,
  };
}
