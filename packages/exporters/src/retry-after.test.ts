import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "./retry-after.js";

const now = Date.parse("2015-10-21T07:28:00Z");

describe("parseRetryAfter", () => {
  it("parses delta-seconds into milliseconds", () => {
    expect(parseRetryAfter("120")).toBe(120_000);
    expect(parseRetryAfter("0")).toBe(0);
    expect(parseRetryAfter(" 7 ")).toBe(7000);
  });

  it("parses an IMF-fixdate relative to now", () => {
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:30 GMT", now)).toBe(30_000);
  });

  it("parses the obsolete RFC 850 and asctime date forms", () => {
    expect(parseRetryAfter("Wednesday, 21-Oct-15 07:29:00 GMT", now)).toBe(60_000);
    expect(parseRetryAfter("Wed Oct 21 07:28:10 2015", now)).toBe(10_000);
    expect(parseRetryAfter("Wed Oct  1 07:28:10 2015", Date.parse("2015-10-01T07:28:00Z"))).toBe(10_000);
  });

  it("returns 0, never a negative number, for a date in the past", () => {
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:00:00 GMT", now)).toBe(0);
  });

  it("uses the current time by default", () => {
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    const ms = parseRetryAfter(inTenSeconds);
    expect(ms).toBeGreaterThan(8_000);
    expect(ms).toBeLessThanOrEqual(10_000);
  });

  it("takes the first of several values", () => {
    expect(parseRetryAfter(["3", "9"])).toBe(3000);
  });

  it.each([
    ["missing", undefined],
    ["empty", ""],
    ["words", "soon"],
    ["negative", "-5"],
    ["fractional", "1.5"],
    ["exponent", "1e3"],
    ["hex", "0x10"],
    ["ISO date", "2015-10-21T07:28:30Z"],
    ["date-like garbage", "Wed, 99 Foo 2015 07:28:30 GMT"],
    ["too large", "9".repeat(30)],
    ["no values", []],
  ] as const)("returns undefined for %s", (_name, value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});
