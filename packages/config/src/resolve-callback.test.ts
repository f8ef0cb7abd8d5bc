import { describe, expect, it } from "vitest";
import { HooklineError } from "@hookline/core";
import { parseConfig } from "./parse-config.js";

// Callback resolution needs no presets here; parse-config.test.ts covers those.
const parse = (text: string, env: Record<string, string> = {}) => parseConfig(text, { env });

describe("resolveCallback: callback lists", () => {
  const entry = (name: string) => `  ${name}: { callback_type: generic_api, endpoint: "https://${name}.example.com" }\n`;

  it("derives event types from success_callback and failure_callback, de-duplicating names", () => {
    const config = parse(`
litellm_settings:
  callbacks: [a, a]
  success_callback: [a, s, both]
  failure_callback: [f, both, f]
callback_settings:
${entry("a")}${entry("s")}${entry("f")}${entry("both")}`);
    const byName = Object.fromEntries(config.callbacks.map((c) => [c.name, c.eventTypes]));
    expect(config.callbacks.map((c) => c.name)).toEqual(["a", "s", "both", "f"]);
    expect(byName).toEqual({ a: undefined, s: ["llm_api_success"], both: undefined, f: ["llm_api_failure"] });
  });

  it("applies a callback's own event_types on top of its list, warning when nothing is left", () => {
    const config = parse(`
litellm_settings: { success_callback: [s, t] }
callback_settings:
  s: { callback_type: generic_api, endpoint: "https://s.example.com", event_types: [llm_api_failure] }
  t: { callback_type: generic_api, endpoint: "https://t.example.com", event_types: [llm_api_success, llm_api_failure] }`);
    expect(config.callbacks.map((c) => c.eventTypes)).toEqual([[], ["llm_api_success"]]);
    expect(config.warnings.map((w) => w.path)).toContain("callback_settings.s.event_types");
  });

  it("enables unlisted generic_api entries and ignores entries of other callback types", () => {
    const config = parse(`
callback_settings:
${entry("unlisted")}  langfuse: { callback_type: langfuse, public_key: os.environ/LANGFUSE_PUBLIC_KEY }
  note: { endpoint: "https://n.example.com" }`);
    expect(config.callbacks.map((c) => [c.name, c.path])).toEqual([["unlisted", "callback_settings.unlisted"]]);
  });

  it("accepts one callback name as a plain string", () => {
    expect(parse(`litellm_settings: { callbacks: x }\ncallback_settings:\n${entry("x")}`).callbacks).toHaveLength(1);
  });

  it("warns about callbacks LiteLLM implements itself and skips them", () => {
    const config = parse(`
litellm_settings:
  callbacks: [langfuse, custom_callbacks.proxy_handler_instance]
  success_callback: [prometheus]
`);
    expect(config.callbacks).toEqual([]);
    expect(config.warnings.map((w) => w.path)).toEqual([
      "litellm_settings.callbacks[0]",
      "litellm_settings.callbacks[1]",
      "litellm_settings.success_callback[0]",
      "litellm_settings.callbacks",
    ]);
    expect(config.warnings[0]?.message).toContain('"langfuse" is implemented by LiteLLM itself');
  });
});

describe("resolveCallback: generic_api from the environment", () => {
  it("reads GENERIC_LOGGER_ENDPOINT and GENERIC_LOGGER_HEADERS", () => {
    const config = parse("litellm_settings: { callbacks: [generic_api] }", {
      GENERIC_LOGGER_ENDPOINT: "https://logs.example.com/ingest",
      GENERIC_LOGGER_HEADERS: "Authorization=Bearer t=1, X-Team = ml",
    });
    expect(config.callbacks[0]).toMatchObject({
      name: "generic_api",
      origin: "environment",
      endpoint: "https://logs.example.com/ingest",
      headers: { Authorization: "Bearer t=1", "X-Team": "ml" },
    });
  });

  it("reports a missing GENERIC_LOGGER_ENDPOINT and malformed headers together", () => {
    const error = (() => {
      try {
        parse("litellm_settings: { callbacks: [generic_api] }", { GENERIC_LOGGER_HEADERS: "Authorization=Bearer x,sk-secret-123" });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(HooklineError.is(error) && error.code).toBe("ERR_CONFIG_INVALID");
    const issues = (error as HooklineError).issues;
    expect(issues.map((i) => i.path)).toEqual(["litellm_settings.callbacks[0]", "litellm_settings.callbacks[0]"]);
    expect(issues[0]?.message).toContain("GENERIC_LOGGER_ENDPOINT");
    expect(issues[1]?.message).toContain("GENERIC_LOGGER_HEADERS: item 2 has no");
    expect((error as Error).message).not.toContain("sk-secret-123");
  });
});

describe("resolveCallback: generic_api overrides", () => {
  it("lets callback_settings.generic_api supply the endpoint and extra headers", () => {
    const config = parse(
      "litellm_settings: { callbacks: [generic_api] }\ncallback_settings: { generic_api: { endpoint: https://o.example.com, headers: { X-B: b } } }",
      { GENERIC_LOGGER_HEADERS: "X-A=a" },
    );
    expect(config.callbacks[0]).toMatchObject({ endpoint: "https://o.example.com", headers: { "X-A": "a", "X-B": "b" } });
  });

  it("names the variable when GENERIC_LOGGER_ENDPOINT is not a URL", () => {
    expect(() => parse("litellm_settings: { callbacks: [generic_api] }", { GENERIC_LOGGER_ENDPOINT: "logs.example.com" })).toThrow(
      "litellm_settings.callbacks[0]: environment variable GENERIC_LOGGER_ENDPOINT: expected an http(s) URL",
    );
  });
});

describe("resolveCallback: odd names", () => {
  it("treats names of Object.prototype members as unknown callbacks", () => {
    expect(() => parse("litellm_settings: { callbacks: [constructor] }\ncallback_settings: {}")).toThrow('unknown callback "constructor"');
  });
});
