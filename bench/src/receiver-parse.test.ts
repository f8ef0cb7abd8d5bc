import { describe, expect, it } from "vitest";
import { EVENT_ID_ATTRIBUTE, extractIds, formatOfPath } from "./receiver-parse.js";

const a = { id: "a", model: "gpt-4o" };
const b = { id: "b", model: "gpt-4o" };

describe("receiver body parsers", () => {
  it("picks the format from the first path segment", () => {
    expect(formatOfPath("/ndjson/run-1")).toBe("ndjson");
    expect(formatOfPath("/otlp/run-1/v1/logs")).toBe("otlp");
    expect(formatOfPath("/stats")).toBeUndefined();
  });

  it("parses NDJSON, JSON arrays and single objects", () => {
    expect(extractIds("ndjson", `${JSON.stringify(a)}\n${JSON.stringify(b)}\n`).ids).toEqual(["a", "b"]);
    expect(extractIds("ndjson", `${JSON.stringify(a)}\n${JSON.stringify(b)}`).ids).toEqual(["a", "b"]);
    expect(extractIds("json", JSON.stringify([a, b])).ids).toEqual(["a", "b"]);
    expect(extractIds("single", JSON.stringify(a, null, 2)).ids).toEqual(["a"]);
    expect(extractIds("auto", JSON.stringify([a, b])).ids).toEqual(["a", "b"]);
    expect(extractIds("auto", `${JSON.stringify(a)}\n${JSON.stringify(b)}`).ids).toEqual(["a", "b"]);
    expect(extractIds("auto", JSON.stringify(a, null, 2)).ids).toEqual(["a"]);
  });

  it("rejects malformed bodies instead of miscounting", () => {
    expect(() => extractIds("ndjson", `${JSON.stringify(a)}\n{"id":`)).toThrow(/line 2/);
    expect(() => extractIds("json", JSON.stringify(a))).toThrow(/array/);
    expect(() => extractIds("single", "[1]")).toThrow(/object/);
  });

  it("reads OTLP/HTTP JSON ids from the attribute, else from the body", () => {
    const request = {
      resourceLogs: [
        {
          resource: { attributes: [] },
          scopeLogs: [
            {
              scope: { name: "bench" },
              logRecords: [
                { body: { kvlistValue: { values: [] } }, attributes: [{ key: EVENT_ID_ATTRIBUTE, value: { stringValue: "a" } }] },
                { body: { kvlistValue: { values: [{ key: "id", value: { stringValue: "b" } }] } }, attributes: [] },
                { body: { stringValue: JSON.stringify({ id: "c" }) } },
                { body: { intValue: 3 } },
              ],
            },
          ],
        },
      ],
    };
    expect(extractIds("otlp", JSON.stringify(request))).toEqual({ ids: ["a", "b", "c"], missing: 1 });
  });

  it("reads winston's batch (array of info objects) and single bodies", () => {
    const info = (p: { id: string }) => ({ ...p, level: "info", message: "litellm_call" });
    expect(extractIds("winston", JSON.stringify([info(a), info(b)])).ids).toEqual(["a", "b"]);
    expect(extractIds("winston", JSON.stringify(info(a))).ids).toEqual(["a"]);
  });

  it("reads pino-http-send's {logs: [...]} and NDJSON bodies", () => {
    const line = (p: { id: string }) => ({ level: 30, time: 1, pid: 1, hostname: "h", ...p });
    expect(extractIds("pino", JSON.stringify({ logs: [line(a), line(b)] })).ids).toEqual(["a", "b"]);
    expect(extractIds("pino", `${JSON.stringify(line(a))}\n${JSON.stringify(line(b))}\n`).ids).toEqual(["a", "b"]);
  });

  it("counts records without an id", () => {
    expect(extractIds("json", JSON.stringify([a, { model: "x" }, { payload: { id: "p" } }]))).toEqual({ ids: ["a", "p"], missing: 1 });
  });
});
