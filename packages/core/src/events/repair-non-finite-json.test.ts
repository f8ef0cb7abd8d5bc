import { describe, expect, it } from "vitest";
import { describeNonFiniteRepairs, repairNonFiniteJson } from "./repair-non-finite-json.js";

describe("repairNonFiniteJson", () => {
  it("writes NaN, Infinity and -Infinity outside strings as null, with where each was", () => {
    const text = '[{"a": NaN, "b": "NaN -Infinity \\" Infinity"}, {"c": [Infinity, -Infinity]},\n{"d": 1}]';
    const result = repairNonFiniteJson(text)!;
    expect(result.text).toBe('[{"a": null, "b": "NaN -Infinity \\" Infinity"}, {"c": [null, null]},\n{"d": 1}]');
    expect(JSON.parse(result.text)).toEqual([{ a: null, b: 'NaN -Infinity " Infinity' }, { c: [null, null] }, { d: 1 }]);
    expect(result.repairs).toEqual([
      { token: "NaN", line: 1, element: 0 },
      { token: "Infinity", line: 1, element: 1 },
      { token: "-Infinity", line: 1, element: 1 },
    ]);
  });

  it("gives lines for NDJSON and element -1 outside an array", () => {
    expect(repairNonFiniteJson('{"a":1}\n{"b":NaN}\n')!.repairs).toEqual([{ token: "NaN", line: 2, element: -1 }]);
  });

  it("is undefined when there is nothing to repair (only in strings, or a longer name)", () => {
    expect(repairNonFiniteJson('{"a":"NaN","b":"Infinity"}')).toBeUndefined();
    expect(repairNonFiniteJson('{"a":NaNa}')).toBeUndefined();
    expect(repairNonFiniteJson('{"a":1}')).toBeUndefined();
  });

  it("leaves a text malformed for another reason malformed", () => {
    const result = repairNonFiniteJson('{"a":NaN,}')!;
    expect(() => JSON.parse(result.text)).toThrow();
  });

  it("describes the repairs of an element", () => {
    expect(describeNonFiniteRepairs([{ token: "NaN", line: 1, element: 0 }])).toBe("NaN (not JSON) written as null");
    expect(describeNonFiniteRepairs([{ token: "NaN", line: 1, element: 0 }, { token: "NaN", line: 1, element: 0 }])).toBe("NaN (not JSON) written as null (2 values)");
  });
});
