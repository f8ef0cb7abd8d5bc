/**
 * hookline's own log lines, through the spawned binary: `--log-level` leaves out the less severe
 * ones, `--log-format json` writes one JSON object per line (time, level, msg, fields), and a
 * secret header value an endpoint echoes back is scrubbed there as in the text lines.
 */
import { describe, expect, it } from "vitest";
import { sampleEvents } from "../packages/cli/dist/index.js";
import { startCaptureServer, type CaptureServer } from "./support/capture-server.js";
import { useCleanup } from "./support/cleanup.js";
import { spawnHookline, startHooklineRun } from "./support/hookline-process.js";
import { makeTempDir } from "./support/temp-files.js";

const cleanup = useCleanup();
const TOKEN = "sk-logs-Pq7wX3nB9vT2";

interface JsonLine {
  time: string;
  level: string;
  msg: string;
  fields: Record<string, unknown>;
}

/** An endpoint that fails everything with 503 and echoes the Authorization header it got. */
async function echoingServer(): Promise<CaptureServer> {
  const server = await startCaptureServer({
    respond: (request) => ({ status: 503, headers: { "content-type": "text/plain" }, body: `bad credentials: ${String(request.headers.authorization)}` }),
  });
  cleanup(() => server.close());
  return server;
}

/** A config whose one callback sends `Authorization: Bearer $API_TOKEN`, and 5 events (one line malformed). */
async function setUp(url: string): Promise<{ config: string; events: string }> {
  const dir = await makeTempDir();
  cleanup(() => dir.remove());
  const config = await dir.write(
    "config.yaml",
    `
litellm_settings:
  callbacks: ["api"]
callback_settings:
  api:
    callback_type: generic_api
    endpoint: ${url}/logs
    headers:
      Authorization: "Bearer \${API_TOKEN}"
    max_retries: 0
`,
  );
  const lines = sampleEvents(5).map((payload) => JSON.stringify(payload));
  lines.splice(2, 0, "{oops");
  return { config, events: await dir.write("events.ndjson", `${lines.join("\n")}\n`) };
}

function jsonLines(stderr: string): JsonLine[] {
  const lines = stderr.split("\n").filter((line) => line !== "");
  expect(lines.length).toBeGreaterThan(0);
  return lines.map((line) => {
    const parsed = JSON.parse(line) as JsonLine;
    expect(Object.keys(parsed).sort(), line).toEqual(["fields", "level", "msg", "time"]);
    expect(new Date(parsed.time).toISOString()).toBe(parsed.time);
    expect(["error", "warn", "info", "debug"]).toContain(parsed.level);
    expect(typeof parsed.msg).toBe("string");
    return parsed;
  });
}

describe("hookline log lines", () => {
  it("--log-format json: one JSON object per stderr line; the echoed secret is scrubbed there as in text", async () => {
    const server = await echoingServer();
    const { config, events } = await setUp(server.url);
    const env = { API_TOKEN: TOKEN };
    const [json, text] = await Promise.all([
      spawnHookline(["replay", events, "--config", config, "--log-format", "json"], { env }).waitForExit(20_000),
      spawnHookline(["replay", events, "--config", config], { env }).waitForExit(20_000),
    ]);
    expect(json.code, json.stderr).toBe(1);
    expect(server.requests.some((request) => request.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);

    const lines = jsonLines(json.stderr);
    expect(lines).toContainEqual(expect.objectContaining({ level: "warn", msg: expect.stringMatching(/^line 3: skipped: malformed JSON/), fields: { command: "replay" } }));
    const failed = lines.find((line) => line.level === "warn" && line.fields["callback"] === "api" && /503/.test(line.msg));
    expect(failed, json.stderr).toBeDefined();
    expect(failed!.msg).toContain("bad credentials: [redacted]");
    expect(failed!.fields).toEqual({ command: "replay", callback: "api" });
    // Results stay text on stdout.
    expect(json.stdout).toContain("replayed 5 event(s) from 6 line(s)");

    for (const out of [json.stdout, json.stderr, text.stdout, text.stderr]) expect(out).not.toContain(TOKEN);
    expect(text.stderr).toContain("bad credentials: [redacted]");
    expect(() => JSON.parse(text.stderr.split("\n")[0]!)).toThrow();
  });

  it("--log-level: error leaves out warnings, debug adds the config line; results are always printed", async () => {
    const server = await echoingServer();
    const { config, events } = await setUp(server.url);
    const env = { API_TOKEN: TOKEN };
    const replay = (level: string) => spawnHookline(["replay", events, "--config", config, "--log-level", level], { env }).waitForExit(20_000);
    const [error, info, debug] = await Promise.all([replay("error"), replay("info"), replay("debug")]);
    for (const exit of [error, info, debug]) {
      expect(exit.code).toBe(1);
      expect(exit.stdout).toContain("replayed 5 event(s)");
    }
    expect(error.stderr).toBe("");
    expect(info.stderr).toContain("line 3: skipped");
    expect(info.stderr).toContain("warning: callback api:");
    expect(info.stderr).not.toContain("callback(s): api");
    expect(debug.stderr).toMatch(/^config .*config\.yaml: 1 callback\(s\): api$/m);
    expect(debug.stderr).toContain("line 3: skipped");
  });

  it("an unknown --log-level or --log-format is a usage error listing the choices", async () => {
    const [level, format] = await Promise.all([spawnHookline(["validate", "--log-level", "loud"]).waitForExit(), spawnHookline(["validate", "--log-format", "xml"]).waitForExit()]);
    expect(level.code).toBe(2);
    expect(level.stderr).toContain("argument 'loud' is invalid. Allowed choices are error, warn, info, debug.");
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("argument 'xml' is invalid. Allowed choices are text, json.");
  });

  it("usage errors stay text with --log-format json, the global options before or after the command", async () => {
    const [after, before] = await Promise.all([
      spawnHookline(["run", "--port", "0", "--log-format", "json"]).waitForExit(),
      spawnHookline(["--log-format", "json", "run", "--port", "0"]).waitForExit(),
    ]);
    for (const exit of [after, before]) {
      expect(exit.code).toBe(2);
      expect(exit.stderr).toBe("hookline: run needs --config FILE\n(hookline run --help shows its usage)\n");
    }
  });

  it("hookline run --log-format json: stderr lines are JSON until the end, the listening address stays on stdout", async () => {
    const server = await startCaptureServer();
    cleanup(() => server.close());
    const { config } = await setUp(server.url);
    const proc = await startHooklineRun(config, { env: { API_TOKEN: TOKEN }, extraArgs: ["--log-format", "json", "--log-level", "debug"] });
    cleanup(() => proc.kill("SIGKILL"));
    proc.kill("SIGTERM");
    const exit = await proc.waitForExit(15_000);
    expect(exit.code, exit.stderr).toBe(0);
    const lines = jsonLines(exit.stderr);
    expect(lines.map((line) => [line.level, line.msg.split("\n")[0]])).toEqual(
      expect.arrayContaining([
        ["debug", expect.stringMatching(/^config .*: 1 callback\(s\): api$/)],
        ["info", "callbacks: api"],
        ["info", "SIGTERM: stopped accepting; draining callbacks (up to 30 s)"],
      ]),
    );
    expect(lines.every((line) => line.fields["command"] === "run")).toBe(true);
    expect(exit.stdout).toMatch(/^hookline listening on http:\/\/127\.0\.0\.1:\d+\/v1\/callbacks\/logs$/m);
    expect(exit.stdout + exit.stderr).not.toContain(TOKEN);
  });
});
