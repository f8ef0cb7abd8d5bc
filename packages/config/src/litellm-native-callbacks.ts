/**
 * Callback names LiteLLM implements itself (its own integrations, not generic_api). A config
 * listing them still loads: LiteLLM runs them, hookline ignores them with a warning.
 */
export const LITELLM_NATIVE_CALLBACKS: readonly string[] = [
  "agentops", "aim", "anthropic_cache_control_hook", "argilla", "arize", "arize_phoenix", "athina",
  "aws_sqs", "azure_storage", "braintrust", "cloudzero", "custom_callback_api", "datadog",
  "datadog_llm_observability", "deepeval", "dotprompt", "dynamic_rate_limiter",
  "dynamic_rate_limiter_v3", "dynamodb", "galileo", "gcs_bucket", "gcs_pubsub", "generic",
  "greenscale", "helicone", "humanloop", "lago", "langfuse", "langfuse_otel", "langsmith",
  "langtrace", "literalai", "logfire", "lunary", "mlflow", "openmeter", "opik", "otel",
  "pagerduty", "posthog", "prometheus", "promptlayer", "resend_email", "s3", "s3_v2", "sentry",
  "slack", "smtp_email", "sqs", "supabase", "traceloop", "wandb", "weave",
];

/**
 * True when LiteLLM runs `name` itself: a known integration, or a dotted Python path such as
 * `custom_callbacks.proxy_handler_instance` (a user's CustomLogger instance).
 */
export function isLiteLLMNativeCallback(name: string): boolean {
  return LITELLM_NATIVE_CALLBACKS.includes(name) || /^[A-Za-z_][\w]*(\.[A-Za-z_]\w*)+$/.test(name);
}
