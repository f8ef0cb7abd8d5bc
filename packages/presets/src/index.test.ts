import { describe, expect, it } from "vitest";
import { builtinPresets } from "./builtin-presets.js";
import { substituteTemplate } from "./index.js";

describe("substituteTemplate (re-exported from core)", () => {
  it("fills a preset's header template", () => {
    const template = builtinPresets()["rubrik"]?.headers?.["Authorization"] ?? "";
    expect(substituteTemplate(template, { RUBRIK_API_KEY: "k" })).toEqual({ value: "Bearer k", missing: [] });
  });

  it("reports the variables a preset's endpoint needs", () => {
    expect(substituteTemplate(builtinPresets()["sumologic"]?.endpoint ?? "", {}).missing).toEqual(["SUMOLOGIC_WEBHOOK_URL"]);
  });
});
