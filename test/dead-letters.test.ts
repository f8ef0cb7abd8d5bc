/**
 * dead_letter_path: events a callback cannot deliver are appended to an NDJSON file, which
 * `hookline replay` sends again once the endpoint is back.
 */
import { readFile, rename } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../packages/cli/dist/index.js";
import { startCaptureServer, type CaptureServer } from "./support/capture-server.js";
import { useCleanup } from "./support/cleanup.js";
import { recordOutput } from "./support/cli-output.js";
import { failure, idsOf, success } from "./support/payloads.js";
import { parseSummary } from "./support/summary-table.js";
import { makeTempDir, type TempDir } from "./support/temp-files.js";

const cleanup = useCleanup();

async function captureServer(): Promise<CaptureServer> {
  const server = await startCaptureServer();
  cleanup(() => server.close());
  return server;
}

async function tempDir(): Promise<TempDir> {
  const dir = await makeTempDir();
  cleanup(() => dir.remove());
  return dir;
}

const configFor = (url: string) => `
litellm_settings:
  callbacks: ["api"]
callback_settings:
  api:
    callback_type: generic_api
    endpoint: ${url}/logs
    max_retries: 0
    dead_letter_path: dead/api.ndjson
`;

describe("dead letters", () => {
  it("undeliverable events go to dead_letter_path (relative to the config), and replaying that file delivers them", async () => {
    const down = await captureServer();
    down.respond(() => ({ status: 400, body: '{"error":"rejected"}' }));
    const dir = await tempDir();
    const cfg = await dir.write("config.yaml", configFor(down.url));
    const payloads = [success("a"), failure("b"), success("c", { extra_field: { kept: [1, 2] } })];
    const events = await dir.write("events.ndjson", payloads.map((p) => JSON.stringify(p)).join("\n") + "\n");

    const first = recordOutput();
    expect(await main(["replay", events, "--config", cfg], { output: first, env: {} })).toBe(1);
    expect(parseSummary(first.stdout)["api"]).toMatchObject({ sent: 0, failed: 3 });

    const deadFile = join(dir.path, "dead", "api.ndjson");
    const records = (await readFile(deadFile, "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toHaveLength(3);
    for (const record of records) {
      expect(record).toMatchObject({ hookline_dead_letter: 1, callback: "api", status: 400 });
      expect(String(record["reason"])).toContain("400");
    }
    const byId = new Map(records.map((r) => [(r["payload"] as { id: string }).id, r]));
    expect([...byId.keys()].sort()).toEqual(["a", "b", "c"]);
    for (const payload of payloads) expect(byId.get(payload.id as string)!["payload"]).toEqual(payload);
    expect(byId.get("b")!["event_type"]).toBe("llm_api_failure");
    expect(byId.get("a")!["event_type"]).toBe("llm_api_success");

    // The endpoint is back: move the dead letters aside (the config's dead_letter_path is that
    // file, which replay refuses to read while appending to it) and replay the moved file.
    const up = await captureServer();
    const cfg2 = await dir.write("config-up.yaml", configFor(up.url));
    const moved = `${deadFile}.replay`;
    await rename(deadFile, moved);
    const second = recordOutput();
    expect(await main(["replay", moved, "--config", cfg2], { output: second, env: {} }), second.all).toBe(0);
    expect(idsOf(up.items()).sort()).toEqual(["a", "b", "c"]);
    expect([...up.items()].sort((x, y) => String(x["id"]).localeCompare(String(y["id"])))).toEqual(payloads);
  });

  it("an unwritable dead_letter_path is a config error at start-up naming the key path; nothing is sent", async () => {
    const server = await captureServer();
    const dir = await tempDir();
    const blocker = await dir.write("not-a-dir", "a file where a directory should be");
    const cfg = await dir.write(
      "config.yaml",
      `
litellm_settings:
  callbacks: ["api"]
callback_settings:
  api:
    callback_type: generic_api
    endpoint: ${server.url}/logs
    dead_letter_path: ${blocker}/dead.ndjson
`,
    );
    const events = await dir.write("events.ndjson", `${JSON.stringify(success("a"))}\n`);
    const output = recordOutput();
    expect(await main(["replay", events, "--config", cfg], { output, env: {} })).toBe(1);
    expect(output.stderr).toContain("callback_settings.api.dead_letter_path");
    expect(server.requests).toHaveLength(0);
  });
});
