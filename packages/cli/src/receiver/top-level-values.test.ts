import { describe, expect, it } from "vitest";
import { topLevelValues } from "./top-level-values.js";

const texts = (body: string) => {
  const bytes = Buffer.from(body);
  const result = topLevelValues(bytes);
  return "error" in result ? result : { array: result.array, values: result.values.map((v) => [bytes.subarray(v.start, v.end).toString(), v.line]) };
};

describe("topLevelValues", () => {
  it("splits a JSON array into its elements, brackets and commas in strings included", () => {
    expect(texts(' [ {"a":"],[{\\"}"} , 42,"x" ,[1,[2]] ] ')).toEqual({ array: true, values: [['{"a":"],[{\\"}"}', 1], ["42", 1], ['"x"', 1], ["[1,[2]]", 1]] });
    expect(texts("[]")).toEqual({ array: true, values: [] });
    expect(texts("[1,true]")).toEqual({ array: true, values: [["1", 1], ["true", 1]] });
  });

  it("splits values one after another, with their lines", () => {
    expect(texts('{"a":1}\n\n{"b":2}\r\n')).toEqual({ array: false, values: [['{"a":1}', 1], ['{"b":2}', 3]] });
  });

  it("says what is wrong with the structure", () => {
    expect(texts('[{"a":1} {"b":2}]')).toEqual({ error: 'element 0: expected "," or "]" at offset 9' });
    expect(texts('[{"a":1}] x')).toEqual({ error: "unexpected text after the array at offset 10" });
    expect(texts('[{"a":"1}]')).toMatchObject({ error: expect.stringContaining("not a JSON value") });
    expect(texts("  ")).toEqual({ error: "empty body" });
  });
});
