import { type EventType } from "@hookline/core";
import type { ConfigReport } from "./config-report.js";
import { describeValue } from "./describe-value.js";
import { keyPath } from "./key-path.js";
import { isMapping } from "./is-mapping.js";

/** A callback a configuration enables, before its settings are resolved. */
export interface CallbackRef {
  readonly name: string;
  /** Where it is named: `litellm_settings.callbacks[0]`, or `callback_settings.x` when unlisted. */
  readonly path: string;
  /** Event types implied by which lists name it; undefined means all. */
  readonly eventTypes?: readonly EventType[];
}

const LISTS = ["callbacks", "success_callback", "failure_callback"] as const;

/**
 * The callbacks a configuration enables, de-duplicated, in order of first mention:
 * `litellm_settings.callbacks`, `success_callback` and `failure_callback` (a name only in
 * one of the last two gets that list's event type), then `callback_settings` entries with
 * `callback_type: generic_api` that no list names (newer LiteLLM enables those too).
 */
export function collectCallbackRefs(
  litellmSettings: Readonly<Record<string, unknown>>,
  callbackSettings: Readonly<Record<string, unknown>>,
  report: ConfigReport,
): CallbackRef[] {
  const seen = new Map<string, { path: string; lists: Set<(typeof LISTS)[number]> }>();
  for (const list of LISTS) {
    const raw = litellmSettings[list];
    if (raw === undefined || raw === null) continue;
    const listPath = keyPath("litellm_settings", list);
    // LiteLLM also accepts one name as a plain string (`callbacks: custom_callbacks.handler`).
    const items: Array<[unknown, string]> =
      typeof raw === "string" ? [[raw, listPath]] : Array.isArray(raw) ? raw.map((item, i) => [item, keyPath(listPath, i)]) : [];
    if (typeof raw !== "string" && !Array.isArray(raw)) {
      report.issue(listPath, `expected a list of callback names; got ${describeValue(raw)}`);
      continue;
    }
    for (const [item, path] of items) {
      if (typeof item !== "string" || item.trim() === "") {
        report.issue(path, `expected a callback name; got ${describeValue(item)}`);
        continue;
      }
      const name = item.trim();
      const entry = seen.get(name) ?? { path, lists: new Set() };
      entry.lists.add(list);
      seen.set(name, entry);
    }
  }
  const refs: CallbackRef[] = [...seen].map(([name, { path, lists }]) => {
    const all = lists.has("callbacks") || (lists.has("success_callback") && lists.has("failure_callback"));
    if (all) return { name, path };
    return { name, path, eventTypes: [lists.has("success_callback") ? "llm_api_success" : "llm_api_failure"] };
  });
  for (const [name, entry] of Object.entries(callbackSettings)) {
    if (!seen.has(name) && isMapping(entry) && entry["callback_type"] === "generic_api") {
      refs.push({ name, path: keyPath("callback_settings", name) });
    }
  }
  return refs;
}
