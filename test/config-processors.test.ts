/**
 * Processors and LiteLLM's privacy settings read from config.yaml, through the spawned binary
 * (`hookline replay`), with real LiteLLM 1.81 payloads and a real HTTP endpoint.
 */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { startCaptureServer, type CaptureServer } from "./support/capture-server.js";
import { useCleanup } from "./support/cleanup.js";
import { spawnHookline } from "./support/hookline-process.js";
import { makeTempDir, type TempDir } from "./support/temp-files.js";

const cleanup = useCleanup();
const FIXTURE = new URL("./fixtures/litellm-1.81.0/litellm-1.81.0-events.ndjson", import.meta.url);

async function setUp(): Promise<{ server: CaptureServer; dir: TempDir; events: Record<string, unknown>[]; file: string }> {
  const server = await startCaptureServer();
  cleanup(() => server.close());
  const dir = await makeTempDir();
  cleanup(() => dir.remove());
  const text = await readFile(FIXTURE, "utf8");
  const events = text.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
  return { server, dir, events, file: await dir.write("events.ndjson", text) };
}

async function replay(cfg: string, file: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = spawnHookline(["replay", file, "--config", cfg]);
  cleanup(() => proc.kill("SIGKILL"));
  return proc.waitForExit(20_000);
}

const messagesOf = (event: Record<string, unknown>) => event["messages"];
const keyFieldsOf = (event: Record<string, unknown>) => Object.keys((event["metadata"] ?? {}) as object).filter((key) => key.startsWith("user_api_key_"));

describe("privacy settings and processors from config.yaml (spawned binary)", () => {
  it("litellm_settings' privacy keys apply to every callback unless one sets its own", async () => {
    const { server, dir, events, file } = await setUp();
    const cfg = await dir.write(
      "config.yaml",
      `
litellm_settings:
  callbacks: [redacted, full]
  turn_off_message_logging: true
  redact_user_api_key_info: true
  standard_logging_payload_excluded_fields: [hidden_params, model_map_information]
callback_settings:
  redacted:
    callback_type: generic_api
    endpoint: ${server.url}/redacted
    log_format: ndjson
  full:
    callback_type: generic_api
    endpoint: ${server.url}/full
    log_format: ndjson
    turn_off_message_logging: false
    redact_user_api_key_info: false
    standard_logging_payload_excluded_fields: []
`,
    );
    const exit = await replay(cfg, file);
    expect(exit.code, exit.stderr).toBe(0);

    const redacted = server.items("/redacted") as Record<string, unknown>[];
    const full = server.items("/full") as Record<string, unknown>[];
    expect(redacted).toHaveLength(events.length);
    expect(full).toEqual(events);
    const withMessages = redacted.filter((event) => Array.isArray(messagesOf(event)) && (messagesOf(event) as unknown[]).length > 0);
    expect(withMessages.length).toBeGreaterThan(0);
    for (const event of withMessages) expect(messagesOf(event)).toEqual([{ role: "user", content: "redacted-by-litellm" }]);
    expect(JSON.stringify(redacted)).not.toContain('"content": "hi"');
    for (const event of redacted) {
      expect(keyFieldsOf(event)).toEqual([]);
      expect(event).not.toHaveProperty("hidden_params");
      expect(event).not.toHaveProperty("model_map_information");
    }
    expect(full.some((event) => keyFieldsOf(event).length > 0)).toBe(true);
  });

  it("a callback's processors route by team with a filter expression and mask secrets in texts", async () => {
    const { server, dir, events, file } = await setUp();
    const teamA = events.filter((_, index) => index % 2 === 0).map((event) => event["id"]);
    // Give half the events team-a and a key in their first message, in the file itself.
    const lines = events.map((event, index) => {
      const metadata = { ...(event["metadata"] as object), user_api_key_team_id: index % 2 === 0 ? "team-a" : "team-b" };
      return JSON.stringify({ ...event, metadata, messages: [{ role: "user", content: "my key is sk-proj-abc123def456ghi789jkl0" }] });
    });
    const routed = await dir.write("routed.ndjson", lines.join("\n") + "\n");
    const cfg = await dir.write(
      "config.yaml",
      `
litellm_settings:
  callbacks: [team_a]
callback_settings:
  team_a:
    callback_type: generic_api
    endpoint: ${server.url}/team-a
    log_format: ndjson
    processors:
      - type: filter
        expression: metadata.user_api_key_team_id == "team-a"
      - type: mask
      - type: set_fields
        fields: { environment: production }
`,
    );
    void file;
    const exit = await replay(cfg, routed);
    expect(exit.code, exit.stderr).toBe(0);
    const received = server.items("/team-a") as Record<string, unknown>[];
    expect(received.map((event) => event["id"]).sort()).toEqual([...teamA].sort());
    for (const event of received) {
      expect(JSON.stringify(event)).not.toContain("sk-proj-abc123def456ghi789jkl0");
      expect(event["environment"]).toBe("production");
    }
  });

  it("hookline validate names the key path of a bad processor and of an unknown one", async () => {
    const { server, dir } = await setUp();
    const cfg = await dir.write(
      "config.yaml",
      `
litellm_settings:
  callbacks: [a]
  turn_off_message_logging: "yes please"
callback_settings:
  a:
    callback_type: generic_api
    endpoint: ${server.url}/a
    processors:
      - type: mask
        detectors: [email, no_such_detector]
      - type: redact_mesages
`,
    );
    const proc = spawnHookline(["validate", "--config", cfg]);
    cleanup(() => proc.kill("SIGKILL"));
    const exit = await proc.waitForExit(15_000);
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain(`${cfg}: litellm_settings.turn_off_message_logging: expected true or false; got "yes please"`);
    expect(exit.stderr).toMatch(/callback_settings\.a\.processors\[1\]\.type: expected one of .*redact_messages.*got "redact_mesages" \(did you mean "redact_messages"\?\)/);

    // Options are checked against the processor's schema once the config's shape is right.
    const options = await dir.write(
      "options.yaml",
      `
litellm_settings: { callbacks: [a] }
callback_settings:
  a: { callback_type: generic_api, endpoint: ${server.url}/a, processors: [{ type: mask, detectors: [email, no_such_detector] }] }
`,
    );
    const second = spawnHookline(["validate", "--config", options]);
    cleanup(() => second.kill("SIGKILL"));
    const checked = await second.waitForExit(15_000);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toMatch(/callback_settings\.a\.processors\[0\]\.detectors\.1: must be equal to one of the allowed values/);
  });
});
