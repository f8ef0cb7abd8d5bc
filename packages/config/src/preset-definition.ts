import { type EventType } from "@hookline/core";

/** The `docs` block of a preset, as LiteLLM's catalog has it; used for listings only. */
export interface PresetDocs {
  /** Whether LiteLLM lists the preset in its docs. */
  readonly show_in_docs?: boolean;
  readonly display_name?: string;
  readonly description?: string;
  readonly website?: string;
  readonly additional_notes?: string;
  /** hookline extension: URL of the service's public API documentation the preset follows. */
  readonly api_reference?: string;
  /** hookline extension: date (YYYY-MM-DD) the preset was last checked against `api_reference`. */
  readonly checked?: string;
  /** hookline extension: the service's documented request limits, in words. */
  readonly limits?: string;
}

/** hookline extension: what one of a preset's environment variables is for. */
export interface PresetVariable {
  readonly description?: string;
  /** True when the value is a credential; tools must never print it. */
  readonly secret?: boolean;
  /** An illustrative value (never a credential; secret variables have none). */
  readonly example?: string;
  /**
   * Value used when the variable is not set. A variable with a default is optional; without one,
   * a variable in `environment_variables` is required.
   */
  readonly default?: string;
}

/**
 * hookline extension: HTTP Basic credentials, sent as `Authorization: Basic base64(username:password)`.
 * Both are templates. When both resolve to empty strings, no header is sent.
 */
export interface PresetBasicAuth {
  readonly username: string;
  readonly password: string;
}

/**
 * One entry of LiteLLM's `generic_api_compatible_callbacks.json`, plus hookline's extensions.
 *
 * `endpoint`, header values, `basic_auth` and string values in `log_format_options` may contain
 * `{{environment_variables.NAME}}` templates.
 */
export interface PresetDefinition {
  /** Endpoint URL template. */
  readonly endpoint: string;
  /** Header value templates by header name. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Event types sent; all when absent. */
  readonly event_types?: readonly EventType[];
  /** Formatter type. */
  readonly log_format?: string;
  /** Variables the preset needs. */
  readonly environment_variables?: readonly string[];
  readonly docs?: PresetDocs;
  /** hookline extension: descriptions of the variables in `environment_variables`. */
  readonly variables?: Readonly<Record<string, PresetVariable>>;
  /** hookline extension: events per batch. */
  readonly batch_size?: number;
  /** hookline extension: seconds an event may wait in a batch. */
  readonly flush_interval?: number;
  /** hookline extension: largest batch in bytes. */
  readonly max_batch_bytes?: number;
  /** hookline extension: body compression. */
  readonly compression?: "none" | "gzip" | "deflate" | "br";
  /** hookline extension: formatter options; string values may contain templates too. */
  readonly log_format_options?: Readonly<Record<string, unknown>>;
  /** hookline extension: Basic authentication built from templates. */
  readonly basic_auth?: PresetBasicAuth;
}
