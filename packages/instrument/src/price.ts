import { calcPrice } from "@pydantic/genai-prices";
import type { CostBreakdown } from "@hookline/core";
import type { TokenUsage } from "./usage.js";

/** The cost fields of a payload. */
export interface PricedCall {
  /** USD; `null` when the model is not in the price table or the provider reported no usage. */
  readonly response_cost: number | null;
  readonly cost_breakdown: CostBreakdown | null;
  /** Why `response_cost` is null (LiteLLM's field for it); null when priced. */
  readonly response_cost_failure_debug_info: Record<string, unknown> | null;
  /** The price table's model id (`model_map_information.model_map_key`), "" when unknown. */
  readonly model_map_key: string;
}

/**
 * Prices a call with the `@pydantic/genai-prices` table. An unknown model or missing usage is
 * never priced 0: the cost is null and `response_cost_failure_debug_info` says why.
 */
export function priceCall(usage: TokenUsage | null, model: string, provider: string): PricedCall {
  if (usage === null) return unpriced(`${provider} reported no token usage for this call`, model, provider);
  let result: ReturnType<typeof calcPrice>;
  try {
    result = calcPrice(
      {
        input_tokens: usage.promptTokens,
        output_tokens: usage.completionTokens,
        ...(usage.cacheReadTokens ? { cache_read_tokens: usage.cacheReadTokens } : {}),
        ...(usage.cacheWriteTokens ? { cache_write_tokens: usage.cacheWriteTokens } : {}),
      },
      model,
      { providerId: provider },
    );
  } catch (err) {
    return unpriced(`the price table could not price it: ${err instanceof Error ? err.message : String(err)}`, model, provider);
  }
  if (result === null) return unpriced(`model ${model} of provider ${provider} is not in the @pydantic/genai-prices table`, model, provider);
  return {
    response_cost: result.total_price,
    cost_breakdown: {
      input_cost: result.input_price,
      output_cost: result.output_price,
      total_cost: result.total_price,
      tool_usage_cost: 0,
      original_cost: result.total_price,
      discount_percent: 0,
      discount_amount: 0,
      margin_percent: 0,
      margin_fixed_amount: 0,
      margin_total_amount: 0,
    },
    response_cost_failure_debug_info: null,
    model_map_key: result.model.id,
  };
}

function unpriced(reason: string, model: string, provider: string): PricedCall {
  return {
    response_cost: null,
    cost_breakdown: null,
    response_cost_failure_debug_info: { error_message: `response_cost is null: ${reason}`, model, custom_llm_provider: provider },
    model_map_key: "",
  };
}
