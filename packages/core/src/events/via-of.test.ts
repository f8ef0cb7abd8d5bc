import { describe, expect, it } from "vitest";
import { createLogEvent, type LogEvent } from "./log-event.js";
import { viaOf } from "./via-of.js";

const event = (via?: readonly string[]): LogEvent => {
  const e = createLogEvent({ id: "x" });
  if (via) e.via = via;
  return e;
};

describe("viaOf", () => {
  it("is undefined when no event passed through a hookline", () => {
    expect(viaOf([event(), event()])).toBeUndefined();
  });

  it("is the shared list itself for events of one request", () => {
    const list = ["a", "b"];
    expect(viaOf([event(list), event(list), event()])).toBe(list);
  });

  it("is the union, in first-seen order, for events of several requests", () => {
    expect(viaOf([event(["a", "b"]), event(["c", "b"]), event(["a"])])).toEqual(["a", "b", "c"]);
  });
});
