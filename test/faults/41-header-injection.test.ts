/**
 * Header injection: a header name or value that HTTP cannot carry as it is (a line break, which
 * would start a new header, another control character, a character above U+00FF, a name that is
 * not an HTTP token) is refused by `hookline validate` and `hookline run` before anything is sent,
 * whatever the header came from: the config, a `${VAR}` in it, GENERIC_LOGGER_HEADERS, or a
 * preset's header after substitution. The error names the header's key path, never its value.
 */
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { faultServer, spawnProcess, tempDir } from "./support/harness.js";

const cleanup = useCleanup();

const TOKEN = "tok-Hd8Kq2Zm5Xv7";
const INJECTED = "X-Injected: yes";

interface Case {
  readonly name: string;
  /** The config; `ENDPOINT` stands for the fault server's URL. */
  readonly yaml: string;
  readonly env?: Record<string, string>;
  /** Key path the error must name. */
  readonly path: string;
  /** Words the error must hold. */
  readonly message: RegExp;
  /** Values that must not be printed. */
  readonly hidden: readonly string[];
}

const api = (headers: string): string => `litellm_settings:
  callbacks: ["api"]
callback_settings:
  api:
    callback_type: generic_api
    endpoint: ENDPOINT
    headers:
${headers}`;

const CASES: readonly Case[] = [
  {
    name: "a literal value with CR LF",
    yaml: api(`      Authorization: "Bearer ${TOKEN}\\r\\n${INJECTED}"\n`),
    path: "callback_settings.api.headers.Authorization",
    message: /line break/,
    hidden: [TOKEN, INJECTED],
  },
  {
    name: "a literal value with a bare LF (a YAML block scalar)",
    yaml: api(`      Authorization: |\n        Bearer ${TOKEN}\n        ${INJECTED}\n`),
    path: "callback_settings.api.headers.Authorization",
    message: /line break/,
    hidden: [TOKEN, INJECTED],
  },
  {
    name: "a value from ${VAR} with CR LF",
    yaml: api("      Authorization: Bearer ${API_TOKEN}\n"),
    env: { API_TOKEN: `${TOKEN}\r\n${INJECTED}` },
    path: "callback_settings.api.headers.Authorization",
    message: /line break/,
    hidden: [TOKEN, INJECTED],
  },
  {
    name: "a value with a NUL",
    yaml: api(`      X-Tenant: "acme\\0${TOKEN}"\n`),
    path: "callback_settings.api.headers.X-Tenant",
    message: /control character/,
    hidden: [TOKEN],
  },
  {
    name: "a value with a character HTTP headers cannot carry (above U+00FF)",
    yaml: api(`      X-Tenant: "€${TOKEN}"\n`),
    path: "callback_settings.api.headers.X-Tenant",
    message: /U\+00FF|Latin-1/,
    hidden: [TOKEN],
  },
  {
    name: "a name with CR LF",
    yaml: api(`      "X-Ok\\r\\n${INJECTED}": ${TOKEN}\n`),
    path: "callback_settings.api.headers",
    message: /header name/,
    hidden: [TOKEN, `\r\n${INJECTED}`, `\n${INJECTED}`],
  },
  {
    name: "a name that is not an HTTP token (a space, a colon)",
    yaml: api(`      "X Bad: name": ${TOKEN}\n`),
    path: "callback_settings.api.headers",
    message: /header name/,
    hidden: [TOKEN],
  },
  {
    name: "GENERIC_LOGGER_HEADERS with a line break in a value",
    yaml: `litellm_settings:\n  callbacks: ["generic_api"]\n`,
    env: { GENERIC_LOGGER_ENDPOINT: "ENDPOINT", GENERIC_LOGGER_HEADERS: `Authorization=Bearer ${TOKEN}\n${INJECTED},X-Other=1` },
    path: "litellm_settings.callbacks[0]",
    message: /GENERIC_LOGGER_HEADERS.*header Authorization.*line break/,
    hidden: [TOKEN, INJECTED],
  },
  {
    name: "a preset's header after substitution (datadog_logs' DD-API-KEY)",
    yaml: `litellm_settings:\n  callbacks: ["datadog_logs"]\ncallback_settings:\n  datadog_logs:\n    endpoint: ENDPOINT\n`,
    env: { DD_SITE: "datadoghq.com", DD_API_KEY: `${TOKEN}\r\n${INJECTED}` },
    path: "presets.datadog_logs.headers.DD-API-KEY",
    message: /line break/,
    hidden: [TOKEN, INJECTED],
  },
];

describe("header injection (spawned validate and run)", () => {
  for (const c of CASES) {
    it(`${c.name}: refused by validate and run at ${c.path}, value not printed, nothing sent`, async () => {
      const server = await faultServer(cleanup);
      const endpoint = `${server.url}/logs`;
      const dir = await tempDir(cleanup);
      const file = await dir.write("config.yaml", c.yaml.replace("ENDPOINT", endpoint));
      const env = Object.fromEntries(Object.entries(c.env ?? {}).map(([k, v]) => [k, v.replace("ENDPOINT", endpoint)]));
      for (const command of ["validate", "run"] as const) {
        const args = command === "run" ? ["run", "--config", file, "--port", "0"] : ["validate", "--config", file];
        const exit = await spawnProcess(cleanup, args, { env }).waitForExit(15_000);
        const all = `${exit.stdout}\n${exit.stderr}`;
        expect(exit.code, `${command}: ${all}`).toBe(1);
        const errors = exit.stderr.split("\n").filter((line) => line.includes(c.path));
        expect(errors.length, `${command}: ${all}`).toBeGreaterThan(0);
        expect(errors.join("\n"), command).toMatch(c.message);
        for (const hidden of c.hidden) expect(all, `${command} printed a header's value or name part`).not.toContain(hidden);
        // Every line the command printed is one line of its own: no control character got through.
        expect(all, command).not.toMatch(/[\0\r]/);
        expect(all, command).not.toContain("listening on");
      }
      expect(server.requests).toHaveLength(0);
    });
  }
});
