import type { CallSuccess, ChunkObserver } from "@hookline/instrument";
import { anthropicUsage, type AnthropicUsage } from "./anthropic-usage.js";

interface Block {
  type: string;
  text?: string;
  thinking?: string;
  input?: unknown;
  [key: string]: unknown;
}

interface MessageEvent {
  type: string;
  index?: number;
  message?: { id?: string; usage?: AnthropicUsage; content?: Block[]; [key: string]: unknown };
  content_block?: Block;
  delta?: { type?: string; text?: string; partial_json?: string; thinking?: string; stop_reason?: string | null; stop_sequence?: string | null };
  usage?: AnthropicUsage;
}

/**
 * Puts an Anthropic message stream's events together into the final `message`, as
 * `messages.stream().finalMessage()` would: text, thinking and tool input joined per block,
 * the stop reason and the usage of `message_start` updated by `message_delta`.
 */
export class MessageStreamAccumulator {
  private message: NonNullable<MessageEvent["message"]> | undefined;
  private usage: AnthropicUsage = {};
  private readonly blocks: Block[] = [];
  private readonly parts: string[][] = [];
  private stop: { stop_reason: string | null; stop_sequence: string | null } = { stop_reason: null, stop_sequence: null };

  add(event: MessageEvent): void {
    switch (event.type) {
      case "message_start":
        this.message = event.message;
        this.usage = { ...event.message?.usage };
        break;
      case "content_block_start":
        if (event.index !== undefined && event.content_block) {
          this.blocks[event.index] = { ...event.content_block };
          this.parts[event.index] = [];
        }
        break;
      case "content_block_delta": {
        const parts = event.index === undefined ? undefined : this.parts[event.index];
        const piece = event.delta?.text ?? event.delta?.partial_json ?? event.delta?.thinking;
        if (parts !== undefined && typeof piece === "string") parts.push(piece);
        break;
      }
      case "content_block_stop":
        if (event.index !== undefined) this.close(event.index);
        break;
      case "message_delta":
        if (event.delta) this.stop = { stop_reason: event.delta.stop_reason ?? null, stop_sequence: event.delta.stop_sequence ?? null };
        for (const [key, value] of Object.entries(event.usage ?? {})) if (value != null) (this.usage as Record<string, unknown>)[key] = value;
        break;
    }
  }

  private close(index: number): void {
    const block = this.blocks[index];
    const joined = (this.parts[index] ?? []).join("");
    this.parts[index] = [];
    if (block === undefined || joined === "") return;
    if (block.type === "text") block.text = (block.text ?? "") + joined;
    else if (block.type === "thinking") block.thinking = (block.thinking ?? "") + joined;
    else if (block.type === "tool_use" || block.type === "server_tool_use") {
      try {
        block.input = JSON.parse(joined) as unknown;
      } catch {
        block.input = joined;
      }
    }
  }

  result(): CallSuccess {
    for (let index = 0; index < this.blocks.length; index++) this.close(index);
    const id = this.message?.id ?? null;
    return { id, response: { ...this.message, content: this.blocks.filter(Boolean), ...this.stop, usage: this.usage }, usage: anthropicUsage(this.usage) };
  }
}

/** An observer feeding a {@link MessageStreamAccumulator}. */
export function messageStreamObserver(onFirst: () => void, onEnd: (result: CallSuccess, early: boolean) => void, onError: (error: unknown) => void): ChunkObserver<MessageEvent> {
  const accumulator = new MessageStreamAccumulator();
  let first = true;
  return {
    chunk(event) {
      if (first) {
        first = false;
        onFirst();
      }
      accumulator.add(event);
    },
    end: (early) => onEnd(accumulator.result(), early),
    error: onError,
  };
}
