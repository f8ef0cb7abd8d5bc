/** One content part of an AI SDK result (text, reasoning, tool call). */
export interface ContentPart {
  type: string;
  text?: string;
  toolCallId?: string;
  toolName?: string;
  input?: string;
}

const FINISH_REASONS: Readonly<Record<string, string>> = { stop: "stop", length: "length", "content-filter": "content_filter", "tool-calls": "tool_calls" };

/** The finish reason in OpenAI's words, from v3's `{ unified }` or v2's string. */
export function finishReasonOf(reason: unknown): string | null {
  const unified = typeof reason === "string" ? reason : (reason as { unified?: unknown } | null | undefined)?.unified;
  return typeof unified === "string" ? (FINISH_REASONS[unified] ?? unified) : null;
}

/**
 * The `chat.completion` LiteLLM logs for any provider (LiteLLM answers in OpenAI's format),
 * from the content parts the AI SDK model returned.
 */
export function chatCompletion(meta: { id: string | null; model: string; created: number }, content: readonly ContentPart[], finishReason: string | null, usage: unknown): Record<string, unknown> {
  const text = content.filter((part) => part.type === "text").map((part) => part.text ?? "");
  const reasoning = content.filter((part) => part.type === "reasoning").map((part) => part.text ?? "");
  const toolCalls = content
    .filter((part) => part.type === "tool-call")
    .map((part) => ({ id: part.toolCallId ?? null, type: "function", function: { name: part.toolName ?? "", arguments: part.input ?? "" } }));
  return {
    id: meta.id,
    created: meta.created,
    model: meta.model,
    object: "chat.completion",
    system_fingerprint: null,
    choices: [
      {
        finish_reason: finishReason,
        index: 0,
        message: {
          content: text.length > 0 ? text.join("") : null,
          role: "assistant",
          tool_calls: toolCalls.length > 0 ? toolCalls : null,
          function_call: null,
          ...(reasoning.length > 0 ? { reasoning_content: reasoning.join("") } : {}),
        },
      },
    ],
    usage,
  };
}
