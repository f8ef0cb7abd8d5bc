import { describe, expect, it } from "vitest";
import type { Output } from "./console-output.js";
import { levelOf, logOutput } from "./log-output.js";

function recorded(): Output & { out_: string[]; err_: string[] } {
  const out_: string[] = [];
  const err_: string[] = [];
  return { out_, err_, out: (line) => void out_.push(line), err: (line) => void err_.push(line) };
}

describe("levelOf", () => {
  it.each([
    ["warning: callback api: 3 event(s) failed", "warn"],
    ["line 7: skipped: malformed JSON", "warn"],
    ["drain timeout: callback api: 2 event(s) not delivered in time", "warn"],
    ["callback api: 5 failed; last error: 503", "warn"],
    ["hookline: cannot listen on 10.0.0.1:4400", "error"],
    ["error: config.yaml: callback_settings.api.endpoint: expected a URL", "error"],
    ["reload failed: still running the previous configuration", "error"],
    ["callbacks: api, audit", "info"],
    ["SIGTERM: stopped accepting; draining callbacks (up to 30 s)", "info"],
  ])("%s is %s", (line, level) => {
    expect(levelOf(line)).toBe(level);
  });
});

describe("logOutput", () => {
  it("text: leaves out lines below the level, writes the rest unchanged, results always", async () => {
    const inner = recorded();
    const output = await logOutput(inner, { level: "warn" });
    output.err("callbacks: api");
    output.err("warning: callback api: 1 event(s) failed");
    output.log?.("debug", "config x: 1 callback(s)");
    output.out("replayed 1 event(s)");
    expect(inner.err_).toEqual(["warning: callback api: 1 event(s) failed"]);
    expect(inner.out_).toEqual(["replayed 1 event(s)"]);
  });

  it("json: one object per line with level, time, fields and the text without its level prefix", async () => {
    const inner = recorded();
    const output = await logOutput(inner, { level: "debug", format: "json", command: "run" });
    output.err("warning: callback api: 1 event(s) failed");
    output.log?.("debug", "config x: 1 callback(s)", { callbacks: 1 });
    expect(inner.err_).toHaveLength(2);
    const [warn, debug] = inner.err_.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(warn).toEqual({ level: "warn", time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), fields: { command: "run", callback: "api" }, msg: "callback api: 1 event(s) failed" });
    expect(debug).toMatchObject({ level: "debug", fields: { command: "run", callbacks: 1 }, msg: "config x: 1 callback(s)" });
  });
});
