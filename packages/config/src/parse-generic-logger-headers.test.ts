import { describe, expect, it } from "vitest";
import { parseGenericLoggerHeaders } from "./parse-generic-logger-headers.js";

describe("parseGenericLoggerHeaders", () => {
  it("splits on commas and on the first = of each item, trimming keys and values", () => {
    const result = parseGenericLoggerHeaders(" Authorization = Bearer a=b== , X-Team=ml ");
    expect(result).toEqual({ headers: { Authorization: "Bearer a=b==", "X-Team": "ml" }, problems: [] });
  });

  it("reports an item without = without echoing it", () => {
    const result = parseGenericLoggerHeaders("X-Team=ml,sk-secret-123");
    expect(result.headers).toEqual({ "X-Team": "ml" });
    expect(result.problems).toEqual(['item 2 has no "="; expected Key=Value,Key2=Value2']);
    expect(result.problems.join()).not.toContain("sk-secret-123");
  });

  it("reports an empty header name", () => {
    expect(parseGenericLoggerHeaders("=v").problems).toHaveLength(1);
  });

  it("skips empty items such as a trailing comma", () => {
    expect(parseGenericLoggerHeaders("A=1,,B=2,")).toEqual({ headers: { A: "1", B: "2" }, problems: [] });
  });
});
