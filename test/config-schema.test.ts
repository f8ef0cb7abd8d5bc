/**
 * The committed JSON Schema of a config (packages/cli/config.schema.json): what `hookline schema`
 * writes, and it accepts the example configs and refuses what `hookline validate` refuses.
 */
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { useCleanup } from "./support/cleanup.js";
import { spawnHookline } from "./support/hookline-process.js";
import { makeTempDir } from "./support/temp-files.js";

const cleanup = useCleanup();
const SCHEMA_FILE = fileURLToPath(new URL("../packages/cli/config.schema.json", import.meta.url));
const EXAMPLES = ["quickstart/config.yaml", "quickstart/demo-config.yaml", "quickstart/preset-config.yaml", "hookline-formatter-csv/example-config.yaml"];

async function validator() {
  const schema = JSON.parse(await readFile(SCHEMA_FILE, "utf8")) as object;
  return new Ajv2020({ allErrors: true, strict: false }).compile(schema);
}

async function run(args: string[]) {
  const proc = spawnHookline(args);
  cleanup(() => proc.kill("SIGKILL"));
  return proc.waitForExit(15_000);
}

describe("the config JSON Schema", () => {
  it("is the file hookline schema writes, and --check notices a stale copy", async () => {
    const printed = await run(["schema"]);
    expect(printed.code, printed.stderr).toBe(0);
    expect(`${printed.stdout.trimEnd()}\n`).toBe(await readFile(SCHEMA_FILE, "utf8"));
    expect((await run(["schema", "--out", SCHEMA_FILE, "--check"])).code).toBe(0);

    const dir = await makeTempDir();
    cleanup(() => dir.remove());
    const stale = await dir.write("schema.json", "{}\n");
    const checked = await run(["schema", "--out", stale, "--check"]);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain(`${stale} is out of date`);
    await writeFile(stale, "");
    expect((await run(["schema", "--out", stale])).code).toBe(0);
    expect(await readFile(stale, "utf8")).toBe(await readFile(SCHEMA_FILE, "utf8"));
  });

  it("accepts every example config", async () => {
    const validate = await validator();
    for (const example of EXAMPLES) {
      const config = parse(await readFile(new URL(`../examples/${example}`, import.meta.url), "utf8")) as unknown;
      expect(validate(config), `${example}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it("accepts processors, privacy keys and environment references; refuses typos and unknown processors", async () => {
    const validate = await validator();
    const good = parse(`
litellm_settings: { callbacks: [a], turn_off_message_logging: true }
callback_settings:
  a:
    callback_type: generic_api
    endpoint: os.environ/ENDPOINT
    batch_size: os.environ/BATCH
    headers: { Authorization: "Bearer \${TOKEN}", X-Tenant: 42 }
    event_types: llm_api_failure
    log_format: { type: ndjson }
    processors:
      - { type: mask, detectors: [email, card] }
      - { type: filter, expression: 'model == "gpt-4o"' }
      - { type: "@acme/hookline-processor-x", anything: 1 }
    exporter: { type: http }
`);
    expect(validate(good), JSON.stringify(validate.errors)).toBe(true);
    const receiver = parse(`
litellm_settings: { callbacks: [jetstream] }
callback_settings:
  jetstream: { callback_type: generic_api, exporter: nats, log_format: ndjson }
nats: { servers: nats://127.0.0.1:4222, consume: false }
`);
    expect(validate(receiver), JSON.stringify(validate.errors)).toBe(true);
    const refused = (text: string) => !validate(parse(text));
    expect(refused("callback_settings: { a: { endpoint: https://x.example.com, batch_sise: 3 } }")).toBe(true);
    expect(refused("callback_settings: { a: { endpoint: https://x.example.com, processors: [{ type: mask, detectors: [nope] }] } }")).toBe(true);
    expect(refused("callback_settings: { a: { endpoint: https://x.example.com, processors: [{ type: redact_mesages }] } }")).toBe(true);
    expect(refused("callback_settings: { a: { endpoint: https://x.example.com, log_format: xml } }")).toBe(true);
    expect(refused("litellm_settings: { turn_off_message_logging: 3 }")).toBe(true);
    expect(refused("nats: { consume: maybe }")).toBe(true);
  });
});
