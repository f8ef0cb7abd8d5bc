import type { CallSuccess, ChunkObserver } from "@hookline/instrument";
import { responsesUsage } from "./openai-usage.js";

interface ResponseLike {
  id?: string;
  status?: string;
  error?: { code?: string; message?: string } | null;
  usage?: Parameters<typeof responsesUsage>[0];
}

interface ResponseEvent {
  type?: string;
  response?: ResponseLike;
  delta?: string;
  message?: string;
  code?: string | null;
}

/** Error of a Responses stream that ended with `response.failed` or an `error` event. */
export class ResponseStreamError extends Error {
  override readonly name = "ResponseStreamError";
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/**
 * Watches a Responses API event stream: the final `response.completed` (or `incomplete`)
 * event carries the whole response and its usage; `response.failed` and `error` are failures.
 * A stream stopped early logs what it had: the last response seen and the text so far.
 */
export function responsesStreamObserver(
  onFirst: () => void,
  onEnd: (result: CallSuccess, early: boolean) => void,
  onError: (error: unknown) => void,
): ChunkObserver<ResponseEvent> {
  let first = true;
  let last: ResponseLike | undefined;
  let failure: ResponseStreamError | undefined;
  const text: string[] = [];
  return {
    chunk(event) {
      if (first) {
        first = false;
        onFirst();
      }
      if (event.response) last = event.response;
      if (event.type === "response.output_text.delta" && typeof event.delta === "string") text.push(event.delta);
      else if (event.type === "response.failed") failure = new ResponseStreamError(event.response?.error?.message ?? "response failed", event.response?.error?.code);
      else if (event.type === "error") failure = new ResponseStreamError(event.message ?? "stream error", event.code ?? undefined);
    },
    end(early) {
      if (failure !== undefined) return onError(failure);
      const response = last?.status === "completed" || last?.status === "incomplete" ? last : { ...last, output_text: text.join("") };
      onEnd({ id: last?.id ?? null, response, usage: responsesUsage(last?.usage) }, early);
    },
    error: onError,
  };
}
