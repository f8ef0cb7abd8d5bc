import { isRecord } from "./is-record.js";
import type { FieldPath } from "./field-path.js";

/** Returned by an {@link Update} to remove the field. */
export const REMOVE: unique symbol = Symbol("remove");

/**
 * Computes a field's new value from its current one (`present` false when it is absent).
 * Returning the current value itself means "unchanged".
 */
export type Update = (current: unknown, present: boolean) => unknown;

/**
 * Applies `update` to the field at `path` inside `value`, copy-on-write: only the objects and
 * arrays on the way to a changed field are copied, and `value` itself is returned when nothing
 * changed. Where the path meets an array, the rest of it applies to every element that is an
 * object or an array; a path through anything else (a string, a number) changes nothing. With
 * `create`, missing or null objects on the way are created (for setting fields).
 */
export function updatePath(value: unknown, path: FieldPath, update: Update, create = false, depth = 0): unknown {
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (!isRecord(item) && !Array.isArray(item)) continue;
      const next = updatePath(item, path, update, create, depth);
      if (next !== item) (copy ??= value.slice())[i] = next;
    }
    return copy ?? value;
  }
  const record = isRecord(value) ? value : create && value == null ? {} : undefined;
  if (record === undefined) return value;
  const key = path[depth] as string;
  const present = Object.hasOwn(record, key);
  const current = present ? record[key] : undefined;
  const next = depth === path.length - 1 ? update(current, present) : updatePath(current, path, update, create, depth + 1);
  if (next === REMOVE) {
    if (!present) return value;
    const copy = { ...record };
    delete copy[key];
    return copy;
  }
  if (next === current) return value;
  return { ...record, [key]: next };
}
