import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Who and what a call is for. Each key lands where LiteLLM puts it: `user` in `end_user`,
 * `team` in `metadata.user_api_key_team_id`, `tags` in `request_tags` and
 * `metadata.requester_metadata.tags`, `sessionId` in `session_id` (and `trace_id` when no
 * `traceId` is given), `fields` in `metadata.requester_metadata`.
 */
export interface CallMetadata {
  /** The end user (LiteLLM's `end_user`, OpenAI's `user` request parameter). */
  readonly user?: string;
  /** Team id (`metadata.user_api_key_team_id`). */
  readonly team?: string;
  /** Request tags; tags of every level are kept, duplicates once. */
  readonly tags?: readonly string[];
  readonly sessionId?: string;
  /** Groups calls of one request; a fresh UUID per call when absent. */
  readonly traceId?: string;
  /** Free-form request metadata (`metadata.requester_metadata`). */
  readonly fields?: Readonly<Record<string, unknown>>;
}

const context = new AsyncLocalStorage<CallMetadata>();

/**
 * Runs `fn` with `metadata` applied to every instrumented call made inside it (awaited work
 * included), on top of the wrapper's static metadata. Nested calls merge.
 *
 * @example
 * ```ts
 * await withCallMetadata({ user: "u-42", sessionId: "s-1" }, () => client.chat.completions.create(request));
 * ```
 */
export function withCallMetadata<T>(metadata: CallMetadata, fn: () => T): T {
  const outer = context.getStore();
  return context.run(outer === undefined ? metadata : mergeCallMetadata(outer, metadata), fn);
}

/** The metadata set by the enclosing {@link withCallMetadata}, if any. */
export function currentCallMetadata(): CallMetadata | undefined {
  return context.getStore();
}

/** `later` wins key by key; tags and fields are merged. */
export function mergeCallMetadata(...levels: readonly (CallMetadata | undefined)[]): CallMetadata {
  let merged: CallMetadata = {};
  for (const level of levels) {
    if (level === undefined) continue;
    const tags = [...(merged.tags ?? []), ...(level.tags ?? [])];
    merged = {
      ...merged,
      ...level,
      tags: [...new Set(tags)],
      fields: { ...merged.fields, ...level.fields },
    };
  }
  return merged;
}
