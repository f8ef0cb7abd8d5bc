/**
 * The demo's config: a LiteLLM-style config.yaml with one callback per format, pointed at the
 * local endpoint the demo starts (its URL arrives as HOOKLINE_DEMO_ENDPOINT).
 * examples/quickstart/config.yaml holds the same text.
 */
export const DEMO_CONFIG = `# hookline demo: one callback per log_format, all sent to a local endpoint.
model_list:                       # LiteLLM's own section: accepted and ignored by hookline
  - model_name: gpt-4o
    litellm_params:
      model: openai/gpt-4o
      api_key: os.environ/OPENAI_API_KEY

litellm_settings:
  callbacks: ["demo_json_array", "demo_ndjson", "demo_failures"]

callback_settings:
  demo_json_array:                # LiteLLM's default format: one JSON array per batch
    callback_type: generic_api
    endpoint: \${HOOKLINE_DEMO_ENDPOINT}/json-array
    headers:
      Authorization: Bearer \${DEMO_API_KEY}
    batch_size: 10
    flush_interval: 5
  demo_ndjson:                    # one JSON object per line, gzip-compressed
    callback_type: generic_api
    endpoint: \${HOOKLINE_DEMO_ENDPOINT}/ndjson
    log_format: ndjson
    batch_size: 25
    compression: gzip
  demo_failures:                  # one request per failed call only
    callback_type: generic_api
    endpoint: \${HOOKLINE_DEMO_ENDPOINT}/failures
    log_format: single
    event_types: [llm_api_failure]

environment_variables:
  DEMO_API_KEY: sk-demo-1234
`;
