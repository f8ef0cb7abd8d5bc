import { HooklineError } from "@hookline/core";
import { describe, expect, it } from "vitest";
import { parseFieldPath, parseFieldPaths } from "./field-path.js";
import { pathTree, selectPaths, NOTHING } from "./select-paths.js";
import { REMOVE, updatePath } from "./update-path.js";

describe("dotted field paths", () => {
  it("split on single dots; empty names are an options error naming the entry", () => {
    expect(parseFieldPath("metadata.requester_ip_address", "t", "fields[0]")).toEqual(["metadata", "requester_ip_address"]);
    expect(parseFieldPath("model", "t", "fields[0]")).toEqual(["model"]);
    for (const bad of ["", ".a", "a.", "a..b"]) {
      expect(() => parseFieldPaths(["ok", bad], "exclude_fields", "fields")).toThrow(`invalid options for processor "exclude_fields":\nfields[1]: ${JSON.stringify(bad)} is not a dotted path`);
    }
    try {
      parseFieldPath("a..b", "t", "fields[3]");
    } catch (error) {
      expect(HooklineError.is(error) && error.code).toBe("ERR_COMPONENT_OPTIONS_INVALID");
      expect((error as HooklineError).issues).toEqual([{ path: "fields[3]", message: expect.stringMatching(/not a dotted path/) }]);
    }
  });

  it("updatePath copies only what is on the way to a change, and returns the value itself otherwise", () => {
    const value = { a: { b: 1, c: { d: 2 } }, e: [1] };
    const out = updatePath(value, ["a", "b"], () => 5) as typeof value;
    expect(out).toEqual({ a: { b: 5, c: { d: 2 } }, e: [1] });
    expect(out.a.c).toBe(value.a.c);
    expect(out.e).toBe(value.e);
    expect(updatePath(value, ["a", "b"], (current) => current)).toBe(value);
    expect(updatePath(value, ["a", "x", "y"], () => REMOVE)).toBe(value);
    expect(updatePath(value, ["a", "b", "y"], () => 1)).toBe(value); // through a number: nothing
    expect(updatePath(value, ["a", "c"], () => REMOVE)).toEqual({ a: { b: 1 }, e: [1] });
    expect(updatePath(value, ["x"], () => undefined)).toBe(value);
  });

  it("a path through an array applies to every element that is an object or an array", () => {
    const value = { messages: [{ role: "user", content: "a" }, "text", [{ content: "b" }], { role: "x" }] };
    const out = updatePath(value, ["messages", "content"], () => REMOVE) as typeof value;
    expect(out).toEqual({ messages: [{ role: "user" }, "text", [{}], { role: "x" }] });
    expect(out.messages[3]).toBe(value.messages[3]);
  });

  it("with create, missing or null objects on the way are made; other values are left alone", () => {
    expect(updatePath({}, ["a", "b"], () => 1, true)).toEqual({ a: { b: 1 } });
    expect(updatePath({ a: null }, ["a", "b"], () => 1, true)).toEqual({ a: { b: 1 } });
    const text = { a: "s" };
    expect(updatePath(text, ["a", "b"], () => 1, true)).toBe(text);
    const unchanged = { a: null };
    expect(updatePath(unchanged, ["a", "b"], (current) => current, true)).toBe(unchanged);
  });

  it("selectPaths keeps the listed members, leaves out containers with nothing kept, and keeps arrays' order", () => {
    const tree = pathTree([["metadata", "team"], ["messages", "content"], ["model"], ["metadata", "team", "deep"]]);
    const value = {
      model: "m",
      cost: 1,
      metadata: { team: { deep: 1, x: 2 }, other: 3 },
      messages: [{ role: "u", content: "a" }, { role: "s" }, "x", { content: null }],
    };
    const out = selectPaths(value, tree) as Record<string, any>;
    expect(out).toEqual({ model: "m", metadata: { team: { deep: 1, x: 2 } }, messages: [{ content: "a" }, { content: null }] });
    expect(out["metadata"].team).toBe(value.metadata.team);
    expect(selectPaths({ cost: 1 }, tree)).toBe(NOTHING);
    const all = { model: "m", metadata: { team: 1 } };
    expect(selectPaths(all, tree)).toBe(all);
    expect(selectPaths({ metadata: null, messages: "s" }, tree)).toBe(NOTHING);
  });
});
