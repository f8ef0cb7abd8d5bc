import { describe, expect, it } from "vitest";
import { bearerAuth } from "./bearer-auth.js";

describe("bearerAuth", () => {
  const check = bearerAuth("tok-123");
  it("accepts exactly `Bearer <token>` (scheme in any case, spaces around)", () => {
    expect(check("Bearer tok-123")).toBe(true);
    expect(check("bearer tok-123")).toBe(true);
    expect(check("  BEARER   tok-123 ")).toBe(true);
  });
  it("refuses anything else", () => {
    for (const header of [undefined, "", "tok-123", "Bearer", "Bearer tok-12", "Bearer tok-1234", "Basic tok-123", "Bearer tok-123 extra"]) expect(check(header), String(header)).toBe(false);
  });
});
