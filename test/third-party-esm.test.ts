/**
 * Third-party components as people publish them today: an ESM-only package (`"exports":
 * { "import": ... }`, no `require` condition) whose options schema is JSON Schema 2020-12,
 * installed next to the config and named in it, through the spawned binary.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startCaptureServer } from "./support/capture-server.js";
import { useCleanup } from "./support/cleanup.js";
import { spawnHookline } from "./support/hookline-process.js";
import { makeTempDir, type TempDir } from "./support/temp-files.js";

const cleanup = useCleanup();

/** Writes an ESM-only package `@acme/<name>` under `dir/node_modules` with `source` as its module. */
async function installEsmOnly(dir: TempDir, name: string, source: string): Promise<void> {
  const root = join(dir.path, "node_modules", "@acme", name);
  await mkdir(root, { recursive: true });
  const manifest = { name: `@acme/${name}`, version: "1.0.0", type: "module", exports: { ".": { import: "./index.js" } } };
  await writeFile(join(root, "package.json"), JSON.stringify(manifest));
  await writeFile(join(root, "index.js"), source);
}

const TAG_PROCESSOR = `
export default {
  kind: "processor",
  specificationVersion: 1,
  type: "@acme/hookline-processor-tag",
  optionsSchema: {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    type: "object",
    properties: { tag: { type: "string", minLength: 1 } },
    required: ["tag"],
    additionalProperties: false,
  },
  create: (options) => ({ type: "@acme/hookline-processor-tag", process: (payload) => ({ ...payload, tag: options.tag }) }),
};
`;

async function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = spawnHookline(args);
  cleanup(() => proc.kill("SIGKILL"));
  return proc.waitForExit(20_000);
}

describe("an ESM-only third-party processor with a 2020-12 options schema", () => {
  it("is found, its options checked, and it runs in the callback", async () => {
    const server = await startCaptureServer();
    cleanup(() => server.close());
    const dir = await makeTempDir();
    cleanup(() => dir.remove());
    await installEsmOnly(dir, "hookline-processor-tag", TAG_PROCESSOR);
    const events = await dir.write("events.ndjson", `${JSON.stringify({ id: "a", status: "success" })}\n${JSON.stringify({ id: "b", status: "failure" })}\n`);
    const config = (tag: string) => `
litellm_settings: { callbacks: [tagged] }
callback_settings:
  tagged:
    callback_type: generic_api
    endpoint: ${server.url}/in
    processors: [{ type: "@acme/hookline-processor-tag", ${tag} }]
`;
    const good = await dir.write("good.yaml", config("tag: blue"));
    const sent = await run(["replay", events, "--config", good]);
    expect(sent.code, sent.stderr).toBe(0);
    expect(server.items("/in")).toEqual([
      { id: "a", status: "success", tag: "blue" },
      { id: "b", status: "failure", tag: "blue" },
    ]);

    const bad = await dir.write("bad.yaml", config('colour: "red"'));
    const refused = await run(["validate", "--config", bad]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("callback_settings.tagged.processors[0].tag: must have required property 'tag'");
    expect(refused.stderr).toContain("callback_settings.tagged.processors[0].colour: unknown option");
  });

  it("a schema that does not compile is a clear error naming the component, not a crash", async () => {
    const dir = await makeTempDir();
    cleanup(() => dir.remove());
    await installEsmOnly(dir, "hookline-processor-broken", TAG_PROCESSOR.replace('type: "object"', 'type: "no-such-type"').replaceAll("-tag", "-broken"));
    const events = await dir.write("events.ndjson", `${JSON.stringify({ id: "a", status: "success" })}\n`);
    const cfg = await dir.write(
      "config.yaml",
      `litellm_settings: { callbacks: [x] }\ncallback_settings: { x: { callback_type: generic_api, endpoint: "http://127.0.0.1:9/x", processors: [{ type: "@acme/hookline-processor-broken", tag: t }] } }\n`,
    );
    const exit = await run(["replay", events, "--config", cfg]);
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain('processor "@acme/hookline-processor-broken" has an options schema that does not compile');
  });
});
