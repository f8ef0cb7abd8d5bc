import { Draft, mapArray } from "./draft.js";
import { isRecord } from "./is-record.js";

type Json = Record<string, unknown>;

/**
 * Redacts a payload's `response` the way LiteLLM's `turn_off_message_logging` does, copy-on-write:
 * a Responses API object (with `output`), a chat or text completion (with `choices`), a string,
 * and anything else (a failure's `{}`, an embedding's vectors) becomes `{ text: placeholder }`.
 * Returns `response` itself when it is already redacted.
 */
export function redactResponse(response: unknown, placeholder: string): unknown {
  if (typeof response === "string") return placeholder;
  if (isRecord(response) && Object.hasOwn(response, "output")) return redactResponsesApi(response, placeholder);
  if (isRecord(response) && Object.hasOwn(response, "choices")) {
    const choices = response["choices"];
    if (!Array.isArray(choices)) return response;
    const redacted = mapArray(choices as unknown[], (choice) => redactChoice(choice, placeholder));
    return redacted === choices ? response : { ...response, choices: redacted };
  }
  const alreadyRedacted = isRecord(response) && Object.keys(response).length === 1 && response["text"] === placeholder;
  return alreadyRedacted ? response : { text: placeholder };
}

/** Sets `key` to the placeholder when it holds something other than null (LiteLLM's "is not None"). */
function replaceNonNull(draft: Draft<Json>, key: string, placeholder: string): void {
  if (draft.get(key) != null) draft.set(key, placeholder);
}

function redactResponsesApi(response: Json, placeholder: string): Json {
  const draft = new Draft(response);
  const output = response["output"];
  if (Array.isArray(output)) draft.set("output", mapArray(output as unknown[], (item) => redactOutputItem(item, placeholder)));
  replaceNonNull(draft, "instructions", placeholder);
  if (response["reasoning"] != null) draft.set("reasoning", null);
  return draft.result;
}

function redactOutputItem(item: unknown, placeholder: string): unknown {
  if (!isRecord(item)) return item;
  const draft = new Draft(item);
  replaceNonNull(draft, "text", placeholder);
  const content = item["content"];
  if (Array.isArray(content)) {
    draft.set("content", mapArray(content as unknown[], (part) => redactKeys(part, ["text", "refusal"], placeholder)));
  }
  const summary = item["summary"];
  if (item["type"] === "reasoning" && Array.isArray(summary)) {
    draft.set("summary", mapArray(summary as unknown[], (part) => redactKeys(part, ["text"], placeholder)));
  }
  if (item["type"] === "function_call" && Object.hasOwn(item, "arguments")) draft.set("arguments", placeholder);
  if (item["type"] === "custom_tool_call" && Object.hasOwn(item, "input")) draft.set("input", placeholder);
  return draft.result;
}

/** An object with each of `keys` that is not null replaced by the placeholder. */
function redactKeys(value: unknown, keys: readonly string[], placeholder: string): unknown {
  if (!isRecord(value)) return value;
  const draft = new Draft(value);
  for (const key of keys) replaceNonNull(draft, key, placeholder);
  return draft.result;
}

function redactChoice(choice: unknown, placeholder: string): unknown {
  if (!isRecord(choice)) return choice;
  const draft = new Draft(choice);
  // Same precedence as LiteLLM: a message object, else a delta object, else a text completion's text.
  for (const key of ["message", "delta"]) {
    const message = choice[key];
    if (Object.hasOwn(choice, key) && isRecord(message)) {
      draft.set(key, redactMessage(message, placeholder));
      return draft.result;
    }
  }
  replaceNonNull(draft, "text", placeholder);
  return draft.result;
}

function redactMessage(message: Json, placeholder: string): Json {
  const draft = new Draft(message);
  replaceNonNull(draft, "content", placeholder);
  replaceNonNull(draft, "reasoning_content", placeholder);
  if (Object.hasOwn(message, "thinking_blocks")) draft.set("thinking_blocks", null);
  if (Object.hasOwn(message, "audio")) draft.set("audio", null);
  const toolCalls = message["tool_calls"];
  if (Array.isArray(toolCalls)) {
    draft.set(
      "tool_calls",
      mapArray(toolCalls as unknown[], (call) => {
        if (!isRecord(call) || !isRecord(call["function"])) return call;
        const fn = new Draft(call["function"]);
        fn.set("arguments", placeholder);
        return fn.result === call["function"] ? call : { ...call, function: fn.result };
      }),
    );
  }
  const functionCall = message["function_call"];
  if (isRecord(functionCall) && Object.hasOwn(functionCall, "arguments")) {
    const fn = new Draft(functionCall);
    fn.set("arguments", placeholder);
    draft.set("function_call", fn.result);
  }
  return draft.result;
}
