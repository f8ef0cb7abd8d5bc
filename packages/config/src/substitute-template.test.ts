import { describe, expect, it } from "vitest";
import { substituteTemplate } from "./substitute-template.js";

describe("substituteTemplate", () => {
  it("replaces {{environment_variables.NAME}} placeholders", () => {
    expect(substituteTemplate("Bearer {{environment_variables.API_KEY}}", { API_KEY: "k" })).toEqual({ value: "Bearer k", missing: [] });
  });

  it("tolerates spaces inside the braces and lower-case names", () => {
    expect(substituteTemplate("{{ environment_variables.my_url }}/x", { my_url: "https://a" }).value).toBe("https://a/x");
  });

  it("lists every missing variable once, in order", () => {
    const result = substituteTemplate("{{environment_variables.B}}{{environment_variables.A}}{{environment_variables.B}}", {});
    expect(result.missing).toEqual(["B", "A"]);
  });

  it("leaves ${} and os.environ/ untouched", () => {
    expect(substituteTemplate("${A} os.environ/A", { A: "x" }).value).toBe("${A} os.environ/A");
  });
});
