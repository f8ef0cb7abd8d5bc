/**
 * An environment value a config uses never appears in what `hookline validate` and `hookline run`
 * print, whichever key it lands in: a wrong variable (`exporter: ${OPENAI_API_KEY}`) must not
 * print the key. Each case runs the spawned binary twice (validate, then run) with the value in
 * the process environment, and checks the error names the key path and the variable instead.
 */
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import type { ProcessExit } from "../support/hookline-process.js";
import { spawnProcess, tempDir } from "./support/harness.js";

const cleanup = useCleanup();

/** A value that looks like what a wrong variable would hold: an API key. */
const secret = (tag: string): string => `sk-live-${tag}-Q7wX2mZ9pL4k`;

const CALLBACK = `litellm_settings:
  callbacks: ["api"]
callback_settings:
  api:
    callback_type: generic_api
    endpoint: http://127.0.0.1:9/v1
`;

interface Runs {
  readonly validate: ProcessExit;
  readonly run: ProcessExit;
  readonly file: string;
}

/** Writes `yaml`, then runs `validate` and `run` on it with `env`; both must stop by themselves. */
async function validateAndRun(yaml: string, env: Record<string, string>): Promise<Runs> {
  const dir = await tempDir(cleanup);
  const file = await dir.write("config.yaml", yaml);
  const validate = await spawnProcess(cleanup, ["validate", "--config", file], { env }).waitForExit(15_000);
  const run = await spawnProcess(cleanup, ["run", "--config", file, "--port", "0"], { env }).waitForExit(15_000);
  return { validate, run, file };
}

/** Both commands failed with exit 1, named the key path, and printed no form of `value`. */
function expectRefused(runs: Runs, path: string, value: string, expected: readonly (string | RegExp)[] = []): void {
  for (const [command, exit] of [["validate", runs.validate], ["run", runs.run]] as const) {
    const all = `${exit.stdout}\n${exit.stderr}`;
    expect(exit.code, `${command}: ${all}`).toBe(1);
    expect(exit.stderr, command).toContain(path);
    for (const fragment of expected) {
      if (typeof fragment === "string") expect(exit.stderr, command).toContain(fragment);
      else expect(exit.stderr, command).toMatch(fragment);
    }
    expect(all, command).not.toContain(value);
    expect(all, command).not.toContain(encodeURIComponent(value));
    expect(all, `${command}: no stack trace`).not.toMatch(/unexpected error|^\s+at /m);
  }
}

describe("environment values in config errors (spawned validate and run)", () => {
  it("exporter: ${VAR} naming no exporter: the error names the key path and lists the exporters, not the value", async () => {
    const value = secret("exporter");
    const runs = await validateAndRun(`${CALLBACK}    exporter: \${EXPORTER_NAME}\n`, { EXPORTER_NAME: value });
    expectRefused(runs, "callback_settings.api.exporter:", value, ["expected one of http", "got a value from an environment variable (not shown)"]);
  });

  it("log_format: ${VAR} naming a formatter package that is not installed: the package is shown as $VAR", async () => {
    const value = `@${secret("fmt").toLowerCase()}/hookline-formatter-x`;
    const runs = await validateAndRun(`${CALLBACK}    log_format: \${FORMATTER}\n`, { FORMATTER: value });
    expectRefused(runs, "callback_settings.api.log_format", value, ["not installed", "$FORMATTER"]);
    // Nor any part of it that would identify the key (the scope is the secret here).
    for (const exit of [runs.validate, runs.run]) expect(exit.stderr).not.toContain(secret("fmt").toLowerCase());
  });

  it("presets_path: ${VAR} naming a file that does not exist (absolute and relative): $VAR, not the path", async () => {
    const absolute = `/tmp/${secret("presets")}.json`;
    const runs = await validateAndRun(`presets_path: \${PRESETS}\n${CALLBACK}`, { PRESETS: absolute });
    expectRefused(runs, "presets_path", absolute, ["$PRESETS"]);
    // A relative entry is printed resolved against the config's directory: still masked.
    const relative = `./${secret("relpresets")}.json`;
    const again = await validateAndRun(`presets_path: ["\${PRESETS}"]\n${CALLBACK}`, { PRESETS: relative });
    expectRefused(again, "presets_path[0]", relative, ["$PRESETS"]);
    for (const exit of [again.validate, again.run]) expect(exit.stderr).not.toContain(secret("relpresets"));
  });

  it("sources.http.port: ${VAR} that is not a port: names the variable, does not echo it", async () => {
    const value = secret("port");
    const runs = await validateAndRun(`${CALLBACK}sources:\n  http:\n    port: \${RECEIVER_PORT}\n`, { RECEIVER_PORT: value });
    expectRefused(runs, "sources.http.port", value, ["expected a port number", /environment variable/]);
  });

  it("sources.http.host: ${VAR} that is not a host name: validate and run refuse it without echoing it", async () => {
    const value = `${secret("host")} x`;
    const runs = await validateAndRun(`${CALLBACK}sources:\n  http:\n    host: \${RECEIVER_HOST}\n`, { RECEIVER_HOST: value });
    expectRefused(runs, "sources.http.host", value, ["expected a host name", /environment variable/]);
    expect(`${runs.run.stderr}${runs.validate.stderr}`).not.toContain(secret("host"));
  });

  it("sources.http.host: ${VAR} that is not loopback, without a token: validate and run refuse it, the host shown as $VAR", async () => {
    const value = `${secret("host").toLowerCase()}.example`;
    const runs = await validateAndRun(`${CALLBACK}sources:\n  http:\n    host: \${RECEIVER_HOST}\n`, { RECEIVER_HOST: value });
    expectRefused(runs, "sources.http.auth_token", value, ["$RECEIVER_HOST", "not a loopback address"]);
  });

  it("sources.http.host: ${VAR} that does not resolve: run fails to listen, exit 1, the host shown as $VAR", async () => {
    const value = `${secret("host").toLowerCase()}.invalid`;
    // Not loopback, so it needs a token or the explicit opt-in.
    const runs = await validateAndRun(`${CALLBACK}sources:\n  http:\n    host: \${RECEIVER_HOST}\n    allow_unauthenticated: true\n`, { RECEIVER_HOST: value });
    // The name is well formed, so validate accepts it; run cannot listen on it.
    expect(runs.validate.code, runs.validate.stderr).toBe(0);
    expect(runs.validate.stdout + runs.validate.stderr).not.toContain(value);
    const all = `${runs.run.stdout}\n${runs.run.stderr}`;
    expect(runs.run.code, all).toBe(1);
    expect(runs.run.stderr).toContain("cannot listen");
    expect(runs.run.stderr).toContain("sources.http");
    expect(runs.run.stderr).toContain("$RECEIVER_HOST");
    expect(all).not.toContain(secret("host").toLowerCase());
    expect(all).not.toMatch(/unexpected error|^\s+at /m);
  });

  it("DEFAULT_BATCH_SIZE that is not a number, in the environment or the config's environment_variables: not echoed", async () => {
    const value = secret("batch");
    const runs = await validateAndRun(CALLBACK, { DEFAULT_BATCH_SIZE: value });
    expectRefused(runs, "env.DEFAULT_BATCH_SIZE", value, ["expected a positive integer", "DEFAULT_BATCH_SIZE"]);
    const inConfig = await validateAndRun(`environment_variables:\n  DEFAULT_BATCH_SIZE: ${value}\n${CALLBACK}`, {});
    expectRefused(inConfig, "environment_variables.DEFAULT_BATCH_SIZE", value, ["expected a positive integer"]);
  });

  it("a value from the config's environment_variables section is masked like one from the process", async () => {
    const value = secret("section");
    const runs = await validateAndRun(`environment_variables:\n  EXPORTER_NAME: ${value}\n${CALLBACK}    exporter: os.environ/EXPORTER_NAME\n`, {});
    // validate and run print what they found; the file itself is the user's, the output is not.
    for (const exit of [runs.validate, runs.run]) {
      expect(exit.code).toBe(1);
      expect(exit.stderr).toMatch(/callback_settings\.api\.exporter: expected one of http\b.*; got a value from an environment variable \(not shown\)/);
      expect(exit.stdout + exit.stderr).not.toContain(value);
    }
  });
});
