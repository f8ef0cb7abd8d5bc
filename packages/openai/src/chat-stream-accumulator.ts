import type { CallSuccess, ChunkObserver } from "@hookline/instrument";
import { chatUsage } from "./openai-usage.js";

interface ToolCallDelta {
  index: number;
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: string };
}

interface ChatChunk {
  id?: string;
  created?: number;
  model?: string;
  system_fingerprint?: string | null;
  choices?: { index: number; delta?: { role?: string; content?: string | null; tool_calls?: ToolCallDelta[] }; finish_reason?: string | null }[];
  usage?: Parameters<typeof chatUsage>[0];
}

interface ChoiceState {
  role: string;
  content: string[];
  toolCalls: { id?: string; type: string; name: string; arguments: string[] }[];
  finishReason: string | null;
}

/**
 * Puts a chat completion stream's chunks together into the `chat.completion` LiteLLM logs for
 * a stream: content and tool call arguments joined per choice, the last finish reason, the
 * usage chunk's usage (sent only with `stream_options.include_usage`).
 */
export class ChatStreamAccumulator {
  private id: string | undefined;
  private created = 0;
  private model = "";
  private fingerprint: string | null = null;
  private usage: ChatChunk["usage"] = null;
  private readonly choices = new Map<number, ChoiceState>();

  add(chunk: ChatChunk): void {
    this.id ??= chunk.id;
    if (chunk.created !== undefined) this.created = chunk.created;
    if (chunk.model) this.model = chunk.model;
    if (chunk.system_fingerprint !== undefined) this.fingerprint = chunk.system_fingerprint;
    if (chunk.usage) this.usage = chunk.usage;
    for (const choice of chunk.choices ?? []) {
      let state = this.choices.get(choice.index);
      if (state === undefined) {
        state = { role: "assistant", content: [], toolCalls: [], finishReason: null };
        this.choices.set(choice.index, state);
      }
      const delta = choice.delta;
      if (delta?.role) state.role = delta.role;
      if (typeof delta?.content === "string" && delta.content !== "") state.content.push(delta.content);
      for (const call of delta?.tool_calls ?? []) {
        const slot = (state.toolCalls[call.index] ??= { type: "function", name: "", arguments: [] });
        if (call.id) slot.id = call.id;
        if (call.type) slot.type = call.type;
        if (call.function?.name) slot.name += call.function.name;
        if (call.function?.arguments) slot.arguments.push(call.function.arguments);
      }
      if (choice.finish_reason) state.finishReason = choice.finish_reason;
    }
  }

  result(): CallSuccess {
    const choices = [...this.choices.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, state]) => ({
        finish_reason: state.finishReason,
        index,
        message: {
          content: state.content.length > 0 ? state.content.join("") : null,
          role: state.role,
          tool_calls:
            state.toolCalls.length > 0
              ? state.toolCalls.map((call) => ({ id: call.id ?? null, type: call.type, function: { name: call.name, arguments: call.arguments.join("") } }))
              : null,
          function_call: null,
        },
      }));
    return {
      id: this.id ?? null,
      response: { id: this.id ?? null, created: this.created, model: this.model, object: "chat.completion", system_fingerprint: this.fingerprint, choices, usage: this.usage ?? null },
      usage: chatUsage(this.usage),
    };
  }
}

/** An observer feeding a {@link ChatStreamAccumulator}. */
export function chatStreamObserver(onFirst: () => void, onEnd: (result: CallSuccess, early: boolean) => void, onError: (error: unknown) => void): ChunkObserver<ChatChunk> {
  const accumulator = new ChatStreamAccumulator();
  let first = true;
  return {
    chunk(value) {
      if (first) {
        first = false;
        onFirst();
      }
      accumulator.add(value);
    },
    end: (early) => onEnd(accumulator.result(), early),
    error: onError,
  };
}
