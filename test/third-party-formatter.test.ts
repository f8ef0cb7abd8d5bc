/**
 * A third-party formatter package (examples/hookline-formatter-csv), named in a config by its
 * package name, loaded lazily by the registry, its options validated against its own schema.
 */
import { mkdir, symlink } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../packages/cli/dist/index.js";
import { startCaptureServer } from "./support/capture-server.js";
import { useCleanup } from "./support/cleanup.js";
import { recordOutput } from "./support/cli-output.js";
import { makeTempDir } from "./support/temp-files.js";

const cleanup = useCleanup();
const EXAMPLE_CONFIG = fileURLToPath(new URL("../examples/hookline-formatter-csv/example-config.yaml", import.meta.url));
const EXAMPLE_PACKAGE = fileURLToPath(new URL("../examples/hookline-formatter-csv", import.meta.url));

async function eventsFile(lines: string[]): Promise<string> {
  const dir = await makeTempDir();
  cleanup(() => dir.remove());
  return dir.write("events.ndjson", `${lines.join("\n")}\n`);
}

describe("a third-party formatter package used from a config file", () => {
  it("is loaded by its package name and its CSV arrives at the endpoint", async () => {
    const server = await startCaptureServer();
    cleanup(() => server.close());
    const file = await eventsFile([
      JSON.stringify({ id: "a", status: "success", model: "gpt-4o", total_tokens: 10, response_cost: 0.5, metadata: { user_api_key_team_id: "t1" } }),
      JSON.stringify({ id: "b", status: "failure", model: "claude", total_tokens: 3 }),
    ]);
    const output = recordOutput();
    const code = await main(["replay", file, "--config", EXAMPLE_CONFIG], { output, env: { CSV_ENDPOINT: `${server.url}/ingest` } });
    expect(code, output.all).toBe(0);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(server.requests[0]!.text).toBe(
      "id,status,model,total_tokens,response_cost,metadata.user_api_key_team_id\r\na,success,gpt-4o,10,0.5,t1\r\nb,failure,claude,3,,\r\n",
    );
  });

  it("rejects options its schema does not allow, at the key path", async () => {
    const dir = await makeTempDir();
    cleanup(() => dir.remove());
    const config = await dir.write(
      "config.yaml",
      `callback_settings:
  warehouse:
    callback_type: generic_api
    endpoint: http://127.0.0.1:9/x
    log_format:
      type: "@acme/hookline-formatter-csv"
      options: { delimiter: ";;", colour: red }
`,
    );
    // Installed next to the config, as `npm install` would put it.
    await mkdir(join(dir.path, "node_modules", "@acme"), { recursive: true });
    await symlink(EXAMPLE_PACKAGE, join(dir.path, "node_modules", "@acme", "hookline-formatter-csv"), "dir");
    const output = recordOutput();
    const code = await main(["validate", "--config", config], { output, env: {} });
    expect(code).toBe(1);
    expect(output.errLines.filter((line) => line.startsWith("error:")).map((line) => line.split(": ").slice(2).join(": "))).toEqual([
      "callback_settings.warehouse.log_format.options.colour: unknown option",
      "callback_settings.warehouse.log_format.options.delimiter: must NOT have more than 1 characters",
    ]);
  });

  it("names the package to install when it is not installed", async () => {
    const dir = await makeTempDir();
    cleanup(() => dir.remove());
    const config = await dir.write(
      "config.yaml",
      `callback_settings:
  warehouse:
    callback_type: generic_api
    endpoint: http://127.0.0.1:9/x
    log_format: "@acme/hookline-formatter-missing"
`,
    );
    const output = recordOutput();
    expect(await main(["validate", "--config", config], { output, env: {} })).toBe(1);
    expect(output.stderr).toContain('formatter package "@acme/hookline-formatter-missing" is not installed; install it with `npm install @acme/hookline-formatter-missing`');
    expect(output.stderr).toMatch(/known formatters: [^)]*json_array[^)]*ndjson[^)]*single/);
  });
});
