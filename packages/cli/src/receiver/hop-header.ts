import { randomBytes } from "node:crypto";

/**
 * The header listing the hookline instances a request's events passed through, oldest first
 * (`X-Hookline-Via: 1f2e3d4c5b6a,7a8b9c0d1e2f`). Each `hookline run` adds its own id to the
 * events it receives, and its exporters carry the list on.
 */
export const VIA_HEADER = "x-hookline-via";

/** Most instances a request may have passed through; beyond it the receiver refuses it. */
export const MAX_HOPS = 10;

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A random id for this process (48 bits, hex). */
export function newInstanceId(): string {
  return randomBytes(6).toString("hex");
}

/** The ids in a `X-Hookline-Via` header (repeated headers joined); malformed items are skipped. */
export function readVia(header: string | string[] | undefined): string[] {
  if (header === undefined) return [];
  const text = Array.isArray(header) ? header.join(",") : header;
  return text
    .split(",")
    .map((id) => id.trim())
    .filter((id) => ID.test(id));
}

/** Why a request with this via list must be refused by instance `self`, or undefined. */
export function loopProblem(via: readonly string[], self: string): string | undefined {
  if (via.includes(self)) return `loop detected: this request already passed through this hookline (instance ${self}; via ${via.join(",")}); a callback of a hookline this request went through points back at it`;
  if (via.length >= MAX_HOPS) return `loop detected: this request passed through ${via.length} hookline instances (at most ${MAX_HOPS - 1} allowed before this one)`;
  return undefined;
}
