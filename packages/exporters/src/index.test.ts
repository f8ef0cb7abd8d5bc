import { describe, expect, it } from "vitest";
import { builtinExporters, httpExporterDefinition } from "./index.js";

describe("builtinExporters", () => {
  it("lists the http exporter definition", () => {
    expect(builtinExporters).toEqual([httpExporterDefinition]);
    expect(builtinExporters.map((definition) => definition.type)).toEqual(["http"]);
  });
});
