import type { ErrorInformation } from "@hookline/core";

/**
 * `error_str` and `error_information` for a failed call, from what the SDKs throw: the class
 * name (`RateLimitError`, `APIUserAbortError`), the HTTP status as a string (`"429"`, LiteLLM's
 * form), the message and the stack as traceback.
 */
export function errorInformation(error: unknown, provider: string): { error_str: string; error_information: ErrorInformation } {
  const err = error instanceof Error ? error : undefined;
  const errorClass = err === undefined ? typeof error : errorClassOf(err);
  const message = err === undefined ? String(error) : err.message;
  // `status` in the openai and Anthropic SDKs, `statusCode` in the AI SDK's APICallError.
  const status = (error as { status?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode;
  const code = (error as { code?: unknown } | null)?.code;
  const requestId = (error as { requestID?: unknown; request_id?: unknown } | null)?.requestID;
  return {
    error_str: `${errorClass}: ${message}`,
    error_information: {
      error_code: typeof status === "number" ? String(status) : typeof code === "string" ? code : "",
      error_class: errorClass,
      llm_provider: provider,
      traceback: err?.stack ?? "",
      error_message: message,
      ...(typeof requestId === "string" ? { error_provider_request_id: requestId } : {}),
    },
  };
}

function errorClassOf(err: Error): string {
  const ctor = err.constructor?.name;
  // A DOMException says what it is in its name (AbortError, TimeoutError).
  return ctor && ctor !== "Error" && ctor !== "DOMException" ? ctor : err.name;
}
