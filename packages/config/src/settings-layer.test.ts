import { describe, expect, it } from "vitest";
import { mergeSettingsLayers, originOf, type SettingsLayer } from "./settings-layer.js";

function layer(values: Record<string, unknown>, base: string): SettingsLayer {
  const origins = new Map(Object.keys(values).map((key) => [key, { path: `${base}.${key}` }]));
  const headers = values["headers"];
  if (headers && typeof headers === "object") {
    for (const name of Object.keys(headers)) origins.set(`headers.${name}`, { path: `${base}.headers.${name}` });
  }
  return { values, origins, unresolved: new Set() };
}

describe("mergeSettingsLayers", () => {
  const preset = layer({ endpoint: "https://p", headers: { Authorization: "Bearer p", "Content-Type": "application/json" }, batch_size: 5 }, "presets.x");
  const entry = layer({ headers: { authorization: "Bearer e", "X-Extra": "1" }, batch_size: 7 }, "callback_settings.x");

  it("overrides field by field and merges headers key by key, case-insensitively", () => {
    const merged = mergeSettingsLayers(preset, entry);
    expect(merged.values).toEqual({
      endpoint: "https://p",
      headers: { "Content-Type": "application/json", authorization: "Bearer e", "X-Extra": "1" },
      batch_size: 7,
    });
  });

  it("keeps the origin of every surviving value", () => {
    const merged = mergeSettingsLayers(preset, entry);
    expect(originOf(merged, ["endpoint"])?.path).toBe("presets.x.endpoint");
    expect(originOf(merged, ["batch_size"])?.path).toBe("callback_settings.x.batch_size");
    expect(originOf(merged, ["headers", "Content-Type"])?.path).toBe("presets.x.headers.Content-Type");
    expect(originOf(merged, ["headers", "authorization"])?.path).toBe("callback_settings.x.headers.authorization");
    expect(merged.origins.has("headers.Authorization")).toBe(false);
  });

  it("extends an origin's path below it", () => {
    const merged = mergeSettingsLayers(preset, layer({ event_types: ["x"] }, "callback_settings.x"));
    expect(originOf(merged, ["event_types", 0])?.path).toBe("callback_settings.x.event_types[0]");
  });

  it("merges log_format_options key by key (case-sensitively); a null option removes the base's", () => {
    const base = layer({ log_format_options: { index: "a", action: "create", Index: "x" } }, "presets.x");
    (base.origins as Map<string, { path: string }>).set("log_format_options.action", { path: "presets.x.log_format_options.action" });
    const merged = mergeSettingsLayers(base, layer({ log_format_options: { index: "b", Index: null } }, "callback_settings.x"));
    expect(merged.values["log_format_options"]).toEqual({ index: "b", action: "create" });
    expect(originOf(merged, ["log_format_options", "action"])?.path).toBe("presets.x.log_format_options.action");
    expect(originOf(merged, ["log_format_options", "index"])?.path).toBe("callback_settings.x.log_format_options.index");
  });
});
