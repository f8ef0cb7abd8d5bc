import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { HooklineError } from "@hookline/core";
import type { PresetsPathEntry } from "./load-config-options.js";
import { keyPath } from "./key-path.js";
import type { PresetCatalog } from "./preset-catalog.js";
import type { PresetDefinition } from "./preset-definition.js";
import { presetHasSecretPath } from "./preset-secret-path.js";
import { validateConfig } from "./validate-config.js";

const hook: PresetDefinition = {
  endpoint: "{{environment_variables.HOOK_URL}}",
  environment_variables: ["HOOK_URL"],
  variables: { HOOK_URL: { secret: true } },
};
const regional: PresetDefinition = {
  endpoint: "https://intake.{{environment_variables.SITE}}/v1?key={{environment_variables.KEY}}",
  environment_variables: ["SITE", "KEY"],
  variables: { SITE: { secret: false }, KEY: { secret: true } },
};
const presets: PresetCatalog = { get: (name) => ({ hook, regional })[name], names: () => ["hook", "regional"] };

const api = (settings: string) => `
litellm_settings: { callbacks: [api] }
callback_settings:
  api:
    callback_type: generic_api
    endpoint: https://logs.example.com/v1
${settings.replace(/^/gm, "    ")}`;

describe("a config's secrets", () => {
  it("every environment value a config uses is masked as $NAME, in the result and in its messages", () => {
    const result = validateConfig(api("exporter: ${EXPORTER}\nheaders: { Authorization: 'Bearer ${TOKEN}' }"), {
      env: { EXPORTER: "sk_exporter_value", TOKEN: "tok-123456789" },
    });
    expect(result.secrets.scrub("unknown exporter sk_exporter_value; tok-123456789")).toBe("unknown exporter $EXPORTER; $TOKEN");
    // The whole header value is a secret of its own.
    expect(result.secrets.scrub("Bearer tok-123456789")).toBe("[redacted]");
    expect(result.config?.secrets).toBe(result.secrets);
  });

  it("issues are scrubbed on the way out: a presets_path loader quoting the entry, resolved or not", () => {
    const loadPresets = (entries: readonly PresetsPathEntry[], baseDir: string): PresetCatalog => {
      const issues = entries.map((entry) => ({ path: entry.path, message: `cannot read ${resolve(baseDir, entry.spec)} (${entry.spec})` }));
      throw new HooklineError("ERR_CONFIG_INVALID", "bad presets", { issues });
    };
    const text = `presets_path: ["\${P}", "./x/\${Q}.json"]\n${api("")}`;
    const result = validateConfig(text, { env: { P: "./sk-presets-secret.json", Q: "sk-q-secret" }, loadPresets, baseDir: "/srv/cfg" });
    expect(result.issues.map((issue) => `${issue.path}: ${issue.message}`)).toEqual([
      "presets_path[0]: cannot read $P ($P)",
      "presets_path[1]: cannot read ./x/${Q}.json (./x/${Q}.json)",
    ]);
  });

  it("sources.http values from the environment are never echoed", () => {
    const result = validateConfig(`${api("")}\nsources: { http: { host: "\${H}", port: "\${P}" } }\n`, { env: { H: "bad host", P: "eighty" } });
    expect(result.issues.map((issue) => `${issue.path}: ${issue.message}`)).toEqual([
      "sources.http.host: expected a host name or IP address (no brackets, no port); got the value of environment variable H (not shown)",
      "sources.http.port: expected a port number between 0 and 65535; got the value of environment variable P (not shown)",
    ]);
  });

  it("host names and IP addresses are accepted; brackets, ports and spaces are not", () => {
    for (const host of ["localhost", "0.0.0.0", "::", "::1", "relay_1.internal.example.com"]) {
      expect(validateConfig(`${api("")}\nsources: { http: { host: "${host}" } }\n`, { env: {} }).issues, host).toEqual([]);
    }
    for (const host of ["[::1]", "127.0.0.1:4400", "a b", "-x.example.com"]) {
      expect(validateConfig(`${api("")}\nsources: { http: { host: "${host}" } }\n`, { env: {} }).issues, host).toHaveLength(1);
    }
  });

  it("a preset's variables flagged secret: false are not masked; secret ones and the query are", () => {
    const result = validateConfig("litellm_settings: { callbacks: [regional] }", { env: { SITE: "eu.example.com", KEY: "k-secret-77" }, presets });
    expect(result.issues).toEqual([]);
    expect(result.secrets.scrub("POST https://intake.eu.example.com/v1 k-secret-77")).toBe("POST https://intake.eu.example.com/v1 $KEY");
  });

  it("a preset whose URL variable is secret marks the path secret, also for a literal endpoint over it", () => {
    const fromEnv = validateConfig("litellm_settings: { callbacks: [hook] }", { env: { HOOK_URL: "https://hooks.example.com/T1/B2/XyZ?wait=1" }, presets });
    expect(fromEnv.secrets.scrub("POST https://hooks.example.com/T1/B2/XyZ responded 404")).toBe("POST https://hooks.example.com/[redacted] responded 404");
    const literal = validateConfig("litellm_settings: { callbacks: [hook] }\ncallback_settings: { hook: { endpoint: 'https://hooks.example.com/T9/B8/AbC' } }", { env: {}, presets });
    expect(literal.issues).toEqual([]);
    expect(literal.secrets.scrub("https://hooks.example.com/T9/B8/AbC")).toBe("https://hooks.example.com/[redacted]");
    // A plain callback's path is not a secret.
    expect(validateConfig(api(""), { env: {} }).secrets.scrub("https://logs.example.com/v1")).toBe("https://logs.example.com/v1");
  });

  it("presetHasSecretPath: a secret variable at the start or in the path; not in the host or the query", () => {
    const secret = { X: { secret: true } };
    const at = (endpoint: string, variables = secret): boolean => presetHasSecretPath({ endpoint, variables });
    expect(at("{{environment_variables.X}}")).toBe(true);
    expect(at("https://h.example.com/a/{{environment_variables.X}}/b")).toBe(true);
    expect(at("https://{{environment_variables.X}}.example.com/a")).toBe(false);
    expect(at("https://h.example.com/a?token={{environment_variables.X}}")).toBe(false);
    expect(at("{{environment_variables.X}}", { X: { secret: false } } as never)).toBe(false);
    expect(at("{{environment_variables.Y}}")).toBe(false);
  });
});

describe("header names and values HTTP cannot carry", () => {
  const issuesOf = (headers: string, env: Record<string, string> = {}) =>
    validateConfig(api(`headers: ${headers}`), { env }).issues.map((issue) => `${issue.path}: ${issue.message}`);

  it("line breaks, control characters and characters above U+00FF in values, from the file or a variable", () => {
    expect(issuesOf('{ A: "x\\r\\ny", B: "x\\u0000y", C: "€", D: "${V}" }', { V: "ok\nX-Evil: 1" })).toEqual([
      "callback_settings.api.headers.A: the value of header A: must not contain a line break",
      "callback_settings.api.headers.B: the value of header B: must not contain control characters",
      "callback_settings.api.headers.C: the value of header C: must not contain characters above U+00FF (HTTP header values are Latin-1 bytes)",
      "callback_settings.api.headers.D: the value of header D: must not contain a line break",
    ]);
    expect(issuesOf('{ A: "tab\\tand café" }')).toEqual([]);
  });

  it("names that are not HTTP tokens, without printing the name", () => {
    expect(issuesOf('{ Good: 1, "Bad Name": 2, "X\\r\\nY": 3 }')).toEqual([
      "callback_settings.api.headers: the name of header 2 (of 3) is not a valid HTTP header name (letters, digits and !#$%&'*+-.^_`|~ only; the name is not shown)",
      "callback_settings.api.headers: the name of header 3 (of 3) is not a valid HTTP header name (letters, digits and !#$%&'*+-.^_`|~ only; the name is not shown)",
    ]);
  });

  it("an endpoint with a line break inside is refused rather than silently rejoined", () => {
    const result = validateConfig(api("").replace("https://logs.example.com/v1", '"https://logs.example.com/v\\n1"'), { env: {} });
    expect(result.issues.map((issue) => issue.message)).toEqual(["must not contain line breaks or control characters"]);
  });

  it("keyPath writes a name with a control character as a JSON string", () => {
    expect(keyPath("callback_settings", "a\r\nb", "c")).toBe('callback_settings["a\\r\\nb"].c');
  });
});
