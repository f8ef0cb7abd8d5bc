import { optionsError } from "./options-error.js";

/** A dotted path split into its names, e.g. `["metadata", "requester_ip_address"]`. */
export type FieldPath = readonly string[];

/**
 * Parses a dotted path (`hidden_params.additional_headers`): names separated by single dots.
 * There are no indexes: where a path meets an array, the rest of it applies to every element
 * (`messages.content` is each message's content). A name cannot contain a dot.
 *
 * @throws HooklineError (`ERR_COMPONENT_OPTIONS_INVALID`) naming `where` when `text` is not a path.
 */
export function parseFieldPath(text: string, type: string, where: string): FieldPath {
  const names = text.split(".");
  if (text.length === 0 || names.some((name) => name.length === 0)) {
    throw optionsError(type, where, `${JSON.stringify(text)} is not a dotted path: expected names separated by single dots, e.g. metadata.requester_ip_address`);
  }
  return names;
}

/** Parses every path of an options list, naming `key[i]` in errors. */
export function parseFieldPaths(texts: readonly string[], type: string, key: string): FieldPath[] {
  return texts.map((text, i) => parseFieldPath(text, type, `${key}[${i}]`));
}
