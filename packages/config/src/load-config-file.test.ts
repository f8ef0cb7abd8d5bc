import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HooklineError } from "@hookline/core";
import { loadConfigFile } from "./load-config-file.js";
import { validateConfigFile } from "./validate-config-file.js";

let dir: string;
const file = async (name: string, text: string): Promise<string> => {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
};
const rejection = async (promise: Promise<unknown>): Promise<HooklineError> => {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  if (!HooklineError.is(error)) throw new Error("expected a HooklineError");
  return error;
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hookline-config-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("loadConfigFile", () => {
  it("loads a file and records its name", async () => {
    const path = await file("ok.yaml", "callback_settings: { a: { callback_type: generic_api, endpoint: https://a.example.com } }\n");
    const config = await loadConfigFile(path, { env: {} });
    expect(config.file).toBe(path);
    expect(config.callbacks.map((c) => c.endpoint)).toEqual(["https://a.example.com"]);
  });

  it("throws ERR_CONFIG_INVALID whose message has file, path and expectation for every issue", async () => {
    const path = await file("bad.yaml", "callback_settings:\n  a: { callback_type: generic_api, endpoint: https://a.example.com, log_format: xml, batch_size: -1 }\n");
    const error = await rejection(loadConfigFile(path, { env: {}, componentTypes: { formatter: ["json_array", "ndjson"] } }));
    expect(error.code).toBe("ERR_CONFIG_INVALID");
    expect(error.issues.map((issue) => issue.file)).toEqual([path, path]);
    expect(error.message).toContain(`${path}: callback_settings.a.log_format: expected one of json_array, ndjson; got "xml"`);
    expect(error.message).toContain(`${path}: callback_settings.a.batch_size: expected a positive integer; got -1`);
  });

  it("throws ERR_CONFIG_UNREADABLE naming a missing file", async () => {
    const path = join(dir, "missing.yaml");
    const error = await rejection(loadConfigFile(path));
    expect(error.code).toBe("ERR_CONFIG_UNREADABLE");
    expect(error.message).toBe(`cannot read config file ${path}: no such file`);
  });

  it("throws ERR_CONFIG_UNREADABLE with line and column for YAML syntax errors, without the source line", async () => {
    const path = await file("syntax.yaml", "litellm_settings:\n  callbacks: [a\ncallback_settings: { token: sk-secret-123 }\n");
    const error = await rejection(loadConfigFile(path));
    expect(error.code).toBe("ERR_CONFIG_UNREADABLE");
    expect(error.message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+: YAML syntax error: `));
    expect(error.message).not.toContain("sk-secret-123");
  });

  it("rejects duplicate keys as a YAML error", async () => {
    const path = await file("dup.yaml", "litellm_settings: {}\nlitellm_settings: {}\n");
    expect((await rejection(loadConfigFile(path))).message).toContain(`${path}:2:1: YAML syntax error`);
  });
});

describe("validateConfigFile", () => {
  it("returns issues and warnings instead of throwing", async () => {
    const path = await file("v.yaml", "litellm_settings: { callbacks: [nope, langsmith] }\n");
    const result = await validateConfigFile(path, { env: {} });
    expect(result.config).toBeUndefined();
    expect(result.issues).toEqual([expect.objectContaining({ file: path, path: "litellm_settings.callbacks[0]" })]);
    expect(result.warnings).toEqual([expect.objectContaining({ file: path, path: "litellm_settings.callbacks[1]" })]);
  });
});
