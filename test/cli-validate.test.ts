/**
 * `hookline validate --config FILE` (in-process `main`): every problem printed with the file,
 * the key path and what was expected; exit 1 on any problem; secrets never printed.
 */
import { describe, expect, it } from "vitest";
import { main } from "../packages/cli/dist/index.js";
import { useCleanup } from "./support/cleanup.js";
import { recordOutput, type RecordedOutput } from "./support/cli-output.js";
import { makeTempDir } from "./support/temp-files.js";

const cleanup = useCleanup();
const SECRET = "sk-secret-xyz";

async function validate(yaml: string, env: Record<string, string> = {}): Promise<{ code: number; output: RecordedOutput; file: string }> {
  const dir = await makeTempDir();
  cleanup(() => dir.remove());
  const file = await dir.write("config.yaml", yaml);
  const output = recordOutput();
  const code = await main(["validate", "--config", file], { output, env });
  return { code, output, file };
}

/** A config with one callback `api` whose settings are `settings` (indented by the caller's lines). */
function apiConfig(settings: string): string {
  return `
litellm_settings:
  callbacks: ["api"]
callback_settings:
  api:
    callback_type: generic_api
    headers:
      Authorization: Bearer ${SECRET}
${settings
  .trim()
  .split("\n")
  .map((line) => `    ${line}`)
  .join("\n")}
`;
}

/** The `error:` lines of the output. */
function errorLines(output: RecordedOutput): string[] {
  return output.errLines.filter((line) => line.startsWith("error:"));
}

/** Asserts exactly one error line, holding the file, the key path and each expected fragment. */
function expectOneError(result: { code: number; output: RecordedOutput; file: string }, path: string, expected: readonly (string | RegExp)[]): void {
  expect(result.code).toBe(1);
  const lines = errorLines(result.output);
  expect(lines, result.output.all).toHaveLength(1);
  const [line] = lines;
  expect(line).toContain(result.file);
  expect(line).toContain(`${path}:`);
  for (const fragment of expected) {
    if (typeof fragment === "string") expect(line).toContain(fragment);
    else expect(line).toMatch(fragment);
  }
  expect(result.output.all).not.toContain(SECRET);
}

describe("hookline validate", () => {
  it("a valid config: exit 0 and OK with the callbacks, secrets not printed", async () => {
    const result = await validate(
      `
model_list:
  - model_name: gpt-4o
    litellm_params:
      model: openai/gpt-4o
      api_key: os.environ/OPENAI_API_KEY
${apiConfig("endpoint: https://logs.example.com/v1\nlog_format: ndjson\nbatch_size: 50\nevent_types: [llm_api_success]")}
`,
    );
    expect(result.code, result.output.all).toBe(0);
    expect(result.output.stdout).toContain("OK");
    expect(result.output.stdout).toContain("api");
    expect(result.output.stdout).toContain(result.file);
    expect(errorLines(result.output)).toEqual([]);
    expect(result.output.all).not.toContain(SECRET);
  });

  it("a valid preset config: exit 0", async () => {
    const result = await validate('litellm_settings:\n  callbacks: ["rubrik"]\n', {
      RUBRIK_API_KEY: SECRET,
      RUBRIK_WEBHOOK_URL: "https://rubrik.example/hook",
    });
    expect(result.code, result.output.all).toBe(0);
    expect(result.output.stdout).toContain("OK");
    expect(result.output.all).not.toContain(SECRET);
  });

  it("an unknown log_format: the message lists json_array, ndjson and single", async () => {
    const result = await validate(apiConfig("endpoint: https://logs.example.com\nlog_format: xml"));
    expectOneError(result, "callback_settings.api.log_format", ["json_array", "ndjson", "single", "xml"]);
  });

  it("an endpoint that is not a URL", async () => {
    const result = await validate(apiConfig("endpoint: logs.example.com/v1"));
    expectOneError(result, "callback_settings.api.endpoint", ["http(s) URL"]);
  });

  it("an endpoint of another scheme, whose query holds a token: the URL is not echoed", async () => {
    const result = await validate(apiConfig(`endpoint: ftp://logs.example.com/in?token=${SECRET}`));
    expectOneError(result, "callback_settings.api.endpoint", ["http(s) URL"]);
  });

  it("an unknown event type: the message lists the valid ones", async () => {
    const result = await validate(apiConfig("endpoint: https://logs.example.com\nevent_types: [llm_api_success, llm_api_retry]"));
    expectOneError(result, "callback_settings.api.event_types[1]", ["llm_api_success", "llm_api_failure", "llm_api_retry"]);
  });

  it("a negative batch_size", async () => {
    const result = await validate(apiConfig("endpoint: https://logs.example.com\nbatch_size: -1"));
    expectOneError(result, "callback_settings.api.batch_size", ["positive integer", "-1"]);
  });

  it("an unknown callback name: says what a callback may be, with a suggestion", async () => {
    const result = await validate(`
litellm_settings:
  callbacks: ["rubrk"]
`);
    expectOneError(result, "litellm_settings.callbacks[0]", ['unknown callback "rubrk"', "generic_api", 'did you mean "rubrik"']);
  });

  it("a variable the config references but that is unset: names the variable", async () => {
    const result = await validate(`
litellm_settings:
  callbacks: ["api"]
callback_settings:
  api:
    callback_type: generic_api
    endpoint: https://logs.example.com
    headers:
      Authorization: Bearer \${LOGS_TOKEN}
`);
    expectOneError(result, "callback_settings.api.headers.Authorization", ["LOGS_TOKEN", "not set"]);
  });

  it("a preset with unset variables: names each and where to set them", async () => {
    const result = await validate('litellm_settings:\n  callbacks: ["rubrik"]\n', { RUBRIK_API_KEY: SECRET });
    expectOneError(result, "litellm_settings.callbacks[0]", ["RUBRIK_WEBHOOK_URL", "environment_variables"]);
  });

  it("a secret that ends up in the wrong setting through a variable is not echoed", async () => {
    const result = await validate(apiConfig("endpoint: https://logs.example.com\nbatch_size: ${API_KEY}"), { API_KEY: SECRET });
    expectOneError(result, "callback_settings.api.batch_size", ["positive integer"]);
  });

  it("several problems in one file are all reported, each with file and key path; exit 1", async () => {
    const result = await validate(`
litellm_settings:
  callbacks: ["first", "second", "nonexistent_cb"]
callback_settings:
  first:
    callback_type: generic_api
    endpoint: not-a-url
    log_format: csv
    headers:
      Authorization: Bearer ${SECRET}
  second:
    callback_type: generic_api
    endpoint: https://logs.example.com
    batch_size: 0
    event_types: [llm_api_everything]
    headers:
      X-Key: \${MISSING_KEY}
`);
    expect(result.code).toBe(1);
    const lines = errorLines(result.output);
    const expected: [string, string][] = [
      ["callback_settings.first.endpoint", "http(s) URL"],
      ["callback_settings.first.log_format", "json_array, loki, ndjson, otlp_json, single"],
      ["callback_settings.second.batch_size", "positive integer"],
      ["callback_settings.second.event_types[0]", "llm_api_success, llm_api_failure"],
      ["callback_settings.second.headers.X-Key", "MISSING_KEY"],
      ["litellm_settings.callbacks[2]", 'unknown callback "nonexistent_cb"'],
    ];
    for (const [path, fragment] of expected) {
      const line = lines.find((l) => l.includes(`${path}:`));
      expect(line, `no error for ${path} in:\n${result.output.all}`).toBeDefined();
      expect(line).toContain(result.file);
      expect(line).toContain(fragment);
    }
    expect(lines).toHaveLength(expected.length);
    expect(result.output.stderr).toContain(`${expected.length} problem(s)`);
    expect(result.output.all).not.toContain(SECRET);
    expect(result.output.stdout).not.toContain("OK");
  });

  it("an unknown key is a warning that names the valid keys, not an error", async () => {
    const result = await validate(apiConfig("endpoint: https://logs.example.com\nbatch_szie: 10"));
    expect(result.code, result.output.all).toBe(0);
    const warning = result.output.errLines.find((line) => line.startsWith("warning:"));
    expect(warning).toContain("callback_settings.api.batch_szie");
    expect(warning).toContain('did you mean "batch_size"');
    expect(result.output.all).not.toContain(SECRET);
  });

  it("a callback LiteLLM implements itself (langfuse) is a warning, not an error", async () => {
    const result = await validate(`
litellm_settings:
  callbacks: ["langfuse", "api"]
callback_settings:
  api:
    callback_type: generic_api
    endpoint: https://logs.example.com
`);
    expect(result.code, result.output.all).toBe(0);
    expect(result.output.errLines.find((line) => line.startsWith("warning:"))).toMatch(/litellm_settings\.callbacks\[0\].*langfuse/);
    expect(result.output.stdout).toMatch(/OK, 1 callback\(s\): api/);
  });

  it("a third-party formatter package that cannot be loaded: an error at log_format naming the package", async () => {
    const result = await validate(apiConfig("endpoint: https://logs.example.com\nlog_format: \"@acme/hookline-formatter-nonexistent\""));
    expect(result.code, result.output.all).toBe(1);
    const lines = errorLines(result.output);
    expect(lines.length, result.output.all).toBeGreaterThanOrEqual(1);
    expect(lines.join("\n")).toContain("@acme/hookline-formatter-nonexistent");
    expect(lines.join("\n")).toContain("callback_settings.api.log_format");
    expect(lines.join("\n")).toContain(result.file);
    expect(result.output.all).not.toContain(SECRET);
  });

  it("a file that is not YAML: exit 1 naming the file", async () => {
    const result = await validate("litellm_settings: [unclosed\n  callbacks: {");
    expect(result.code).toBe(1);
    expect(result.output.stderr).toContain(result.file);
  });

  it("a missing config file: exit 1 naming the file", async () => {
    const output = recordOutput();
    const code = await main(["validate", "--config", "/nonexistent/dir/config.yaml"], { output, env: {} });
    expect(code).toBe(1);
    expect(output.stderr).toContain("/nonexistent/dir/config.yaml");
  });
});
