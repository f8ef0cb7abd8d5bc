import type { StandardLoggingPayload } from "@hookline/core";
import { redactUrl } from "@hookline/core";
import type { CallMetadata } from "./call-metadata.js";
import type { CallStart, CallSuccess } from "./call-description.js";
import { errorInformation } from "./error-information.js";
import { priceCall } from "./price.js";

/** Times of a call, epoch milliseconds (fractional). */
export interface CallTimes {
  readonly start: number;
  readonly end: number;
  /** First chunk of a stream; the end for other calls (as LiteLLM does). */
  readonly firstChunk?: number;
}

/** A payload as built here: like core's, but `response_cost` may be null (unknown price). */
export type InstrumentedPayload = Omit<StandardLoggingPayload, "response_cost"> & { response_cost: number | null };

/** Ids of one call. */
export interface CallIds {
  readonly callId: string;
  readonly traceId: string;
}

/**
 * Builds the StandardLoggingPayload of one call the way LiteLLM 1.81 does: the same fields
 * with the same types and meanings, times in epoch seconds, `response_time` up to the first
 * chunk. `outcome` is the success or the error thrown.
 */
export function buildPayload(
  call: CallStart,
  outcome: { readonly ok: true; readonly value: CallSuccess } | { readonly ok: false; readonly error: unknown },
  times: CallTimes,
  ids: CallIds,
  metadata: CallMetadata,
): InstrumentedPayload {
  const first = times.firstChunk ?? times.end;
  const apiBase = call.apiBase ? redactUrl(call.apiBase) : "";
  const tags = [...(metadata.tags ?? [])];
  const usage = outcome.ok ? outcome.value.usage : null;
  const priced = outcome.ok ? priceCall(usage, call.model, call.provider) : undefined;
  const failure = outcome.ok ? undefined : errorInformation(outcome.error, call.provider);
  const responseCost = priced === undefined ? 0 : priced.response_cost;
  const promptTokens = usage?.promptTokens ?? 0;
  const completionTokens = usage?.completionTokens ?? 0;
  const status = outcome.ok ? "success" : "failure";
  return {
    id: (outcome.ok ? outcome.value.id : undefined) ?? ids.callId,
    trace_id: metadata.traceId ?? metadata.sessionId ?? ids.traceId,
    litellm_call_id: ids.callId,
    ...(metadata.sessionId === undefined ? {} : { session_id: metadata.sessionId }),
    call_type: call.callType,
    cache_hit: false,
    stream: call.stream ? true : null,
    status,
    status_fields: { llm_api_status: status, guardrail_status: "not_run" },
    custom_llm_provider: call.provider,
    saved_cache_cost: 0,
    startTime: times.start / 1000,
    endTime: times.end / 1000,
    completionStartTime: first / 1000,
    response_time: (first - times.start) / 1000,
    model: call.model,
    metadata: {
      user_api_key_hash: null,
      user_api_key_alias: null,
      user_api_key_spend: 0,
      user_api_key_max_budget: null,
      user_api_key_budget_reset_at: null,
      user_api_key_team_id: metadata.team ?? null,
      user_api_key_org_id: null,
      user_api_key_user_id: null,
      user_api_key_team_alias: null,
      user_api_key_user_email: null,
      user_api_key_end_user_id: metadata.user ?? null,
      user_api_key_request_route: null,
      spend_logs_metadata: null,
      requester_ip_address: "",
      requester_metadata: { ...metadata.fields, ...(tags.length > 0 ? { tags } : {}) },
      prompt_management_metadata: null,
      applied_guardrails: [],
      mcp_tool_call_metadata: null,
      vector_store_request_metadata: null,
      usage_object: usage?.raw ?? null,
      requester_custom_headers: {},
      cold_storage_object_key: null,
      user_api_key_auth_metadata: {},
    },
    cache_key: null,
    response_cost: responseCost,
    cost_breakdown: priced?.cost_breakdown ?? null,
    total_tokens: usage?.totalTokens ?? promptTokens + completionTokens,
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    ...(usage?.cacheReadTokens === undefined ? {} : { cache_read_input_tokens: usage.cacheReadTokens }),
    ...(usage?.cacheWriteTokens === undefined ? {} : { cache_creation_input_tokens: usage.cacheWriteTokens }),
    ...(usage?.reasoningTokens === undefined ? {} : { reasoning_tokens: usage.reasoningTokens }),
    request_tags: tags,
    end_user: metadata.user ?? "",
    api_base: apiBase,
    model_group: call.model,
    model_id: null,
    requester_ip_address: "",
    messages: call.messages as StandardLoggingPayload["messages"],
    response: outcome.ok ? (outcome.value.response as StandardLoggingPayload["response"]) : {},
    model_parameters: { ...call.modelParameters },
    hidden_params: {
      model_id: null,
      cache_key: null,
      api_base: outcome.ok ? apiBase : null,
      response_cost: outcome.ok ? responseCost : null,
      additional_headers: outcome.ok ? {} : null,
      litellm_overhead_time_ms: null,
      batch_models: null,
      litellm_model_name: outcome.ok ? `${call.provider}/${call.model}` : null,
      usage_object: null,
    },
    model_map_information: { model_map_key: priced?.model_map_key ?? "", model_map_value: null },
    error_str: failure?.error_str ?? null,
    error_information: failure?.error_information ?? { error_code: "", error_class: "", llm_provider: "", traceback: "", error_message: "" },
    response_cost_failure_debug_info: priced?.response_cost_failure_debug_info ?? null,
    guardrail_information: null,
    standard_built_in_tools_params: { web_search_options: null, file_search: null },
  };
}
