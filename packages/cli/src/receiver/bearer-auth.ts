import { createHash, timingSafeEqual } from "node:crypto";

/**
 * A check of `Authorization: Bearer <token>` against `token`, in constant time: both sides are
 * hashed first, so neither the comparison nor an early length mismatch tells an attacker how
 * much of a guess was right. The scheme is case-insensitive, as RFC 9110 says.
 */
export function bearerAuth(token: string): (authorization: string | undefined) => boolean {
  const expected = createHash("sha256").update(token).digest();
  return (authorization) => {
    if (authorization === undefined) return false;
    const match = /^\s*bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match === null) return false;
    return timingSafeEqual(createHash("sha256").update(match[1]!).digest(), expected);
  };
}
