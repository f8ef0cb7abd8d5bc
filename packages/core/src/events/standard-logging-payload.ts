/**
 * LiteLLM's `StandardLoggingPayload`: one LLM call's log, as LiteLLM builds it for every
 * callback. Every field is optional here and unknown fields pass through untouched, because
 * the payload grows with each LiteLLM release.
 */
export interface StandardLoggingPayload {
  /** Response id, e.g. `chatcmpl-123`. */
  id?: string;
  /** Groups the calls of one request (fallbacks, retries). */
  trace_id?: string;
  session_id?: string | null;
  /** Same value as the `x-litellm-call-id` response header. */
  litellm_call_id?: string | null;
  /** e.g. `acompletion`, `aembedding`, `litellm.completion`. */
  call_type?: string;
  stream?: boolean | null;
  /** Cost in USD. */
  response_cost?: number;
  cost_breakdown?: CostBreakdown | null;
  autorouter_savings?: number | null;
  response_cost_failure_debug_info?: Record<string, unknown> | null;
  status?: "success" | "failure";
  status_fields?: StatusFields;
  custom_llm_provider?: string | null;
  total_tokens?: number;
  prompt_tokens?: number;
  completion_tokens?: number;
  /** Epoch seconds. */
  startTime?: number;
  /** Epoch seconds. */
  endTime?: number;
  /** Epoch seconds of the first token. */
  completionStartTime?: number;
  response_time?: number;
  model_map_information?: { model_map_key?: string; model_map_value?: Record<string, unknown> | null };
  model?: string;
  model_id?: string | null;
  model_group?: string | null;
  api_base?: string;
  metadata?: StandardLoggingMetadata;
  cache_hit?: boolean | null;
  cache_key?: string | null;
  saved_cache_cost?: number;
  request_tags?: unknown[];
  end_user?: string | null;
  requester_ip_address?: string | null;
  user_agent?: string | null;
  messages?: string | unknown[] | Record<string, unknown> | null;
  response?: string | unknown[] | Record<string, unknown> | null;
  error_str?: string | null;
  error_information?: ErrorInformation | null;
  model_parameters?: Record<string, unknown>;
  hidden_params?: HiddenParams;
  guardrail_information?: Record<string, unknown>[] | null;
  standard_built_in_tools_params?: Record<string, unknown> | null;
  [field: string]: unknown;
}

/** `status_fields` of the payload. */
export interface StatusFields {
  llm_api_status?: "success" | "failure";
  guardrail_status?: "success" | "guardrail_intervened" | "guardrail_failed_to_respond" | "not_run";
  [field: string]: unknown;
}

/** `error_information` of the payload; empty on success. */
export interface ErrorInformation {
  error_code?: string | null;
  error_class?: string | null;
  llm_provider?: string | null;
  traceback?: string | null;
  error_message?: string | null;
  error_rate_limit_category?: string | null;
  error_rate_limit_type?: string | null;
  error_budget_entity_type?: string | null;
  error_budget_entity_id?: string | null;
  error_budget_limit?: number | null;
  error_budget_spend?: number | null;
  error_provider_request_id?: string | null;
  [field: string]: unknown;
}

/** `cost_breakdown` of the payload; `total_cost` equals `response_cost`. */
export interface CostBreakdown {
  input_cost?: number;
  output_cost?: number;
  cache_read_cost?: number;
  cache_creation_cost?: number;
  reasoning_cost?: number;
  tool_usage_cost?: number;
  guardrail_cost?: number;
  additional_costs?: Record<string, number>;
  total_cost?: number;
  [field: string]: unknown;
}

/** `hidden_params` of the payload. */
export interface HiddenParams {
  model_id?: string | null;
  cache_key?: string | null;
  api_base?: string | null;
  response_cost?: string | number | null;
  litellm_overhead_time_ms?: number | null;
  additional_headers?: Record<string, unknown> | null;
  litellm_model_name?: string | null;
  [field: string]: unknown;
}

/** `metadata` of the payload: key, user, team and org identity plus request metadata. */
export interface StandardLoggingMetadata {
  user_api_key_hash?: string | null;
  user_api_key_alias?: string | null;
  user_api_key_user_id?: string | null;
  user_api_key_user_email?: string | null;
  user_api_key_team_id?: string | null;
  user_api_key_team_alias?: string | null;
  user_api_key_org_id?: string | null;
  user_api_key_end_user_id?: string | null;
  spend_logs_metadata?: Record<string, unknown> | null;
  requester_ip_address?: string | null;
  requester_metadata?: Record<string, unknown> | null;
  requester_custom_headers?: Record<string, string> | null;
  applied_guardrails?: string[] | null;
  team_alias?: string | null;
  team_id?: string | null;
  [field: string]: unknown;
}
