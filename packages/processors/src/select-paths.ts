import { isRecord } from "./is-record.js";
import type { FieldPath } from "./field-path.js";

/** The paths to keep as a tree of names; `null` keeps the whole value. */
export type PathTree = Map<string, PathTree | null>;

/** Nothing under a value was kept. */
export const NOTHING: unique symbol = Symbol("nothing");

/** Merges paths into a tree; a path that is a prefix of another keeps the whole value. */
export function pathTree(paths: readonly FieldPath[]): PathTree {
  const root: PathTree = new Map();
  for (const path of paths) {
    let node = root;
    path.forEach((name, i) => {
      const last = i === path.length - 1;
      const existing = node.get(name);
      if (existing === null) return; // already kept whole
      if (last) {
        node.set(name, null);
        return;
      }
      const child = existing ?? new Map();
      node.set(name, child);
      node = child;
    });
  }
  return root;
}

/**
 * What of `value` the tree keeps, copy-on-write (`value` itself when it keeps everything):
 * objects keep only the listed members, an array applies the tree to each element, and a
 * container of which nothing is kept, or a value that is not one, is {@link NOTHING}.
 */
export function selectPaths(value: unknown, tree: PathTree): unknown {
  if (Array.isArray(value)) {
    const kept: unknown[] = [];
    let changed = false;
    for (const item of value as unknown[]) {
      const selected = selectPaths(item, tree);
      if (selected === NOTHING) changed = true;
      else {
        if (selected !== item) changed = true;
        kept.push(selected);
      }
    }
    return kept.length === 0 ? NOTHING : changed ? kept : value;
  }
  if (!isRecord(value)) return NOTHING;
  const kept: Record<string, unknown> = {};
  let count = 0;
  let changed = false;
  for (const key of Object.keys(value)) {
    const subtree = tree.get(key);
    const item = value[key];
    const selected = subtree === undefined ? NOTHING : subtree === null ? item : selectPaths(item, subtree);
    if (selected === NOTHING) {
      changed = true;
      continue;
    }
    if (selected !== item) changed = true;
    kept[key] = selected;
    count++;
  }
  return count === 0 ? NOTHING : changed ? kept : value;
}
