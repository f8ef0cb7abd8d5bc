import { describe, expect, it } from "vitest";
import { builtinFormatters, jsonArrayFormatter, ndjsonFormatter, singleFormatter } from "./index.js";

describe("builtinFormatters", () => {
  it("lists the three built-in definitions with distinct types", () => {
    expect(builtinFormatters).toEqual([jsonArrayFormatter, ndjsonFormatter, singleFormatter]);
    expect(builtinFormatters.map((definition) => definition.type)).toEqual(["json_array", "ndjson", "single"]);
  });
});
