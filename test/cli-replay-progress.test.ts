/**
 * `hookline replay` draws a progress line (events read, sent, failed, rate) when stderr is a
 * terminal, through the spawned binary on a pseudo-terminal, and stays quiet when it is not.
 */
import { describe, expect, it } from "vitest";
import { sampleEvents } from "../packages/cli/dist/index.js";
import { startCaptureServer, type CaptureServer } from "./support/capture-server.js";
import { useCleanup } from "./support/cleanup.js";
import { spawnHookline } from "./support/hookline-process.js";
import { spawnInTerminal } from "./support/terminal-process.js";
import { makeTempDir } from "./support/temp-files.js";
import { createGate, waitFor } from "./support/wait-for.js";

const cleanup = useCleanup();
const EVENTS = 400;
/** ESC [ 2 K: the terminal line is erased before each frame is drawn again. */
const ERASE_LINE = "\x1b[2K";

/** `ok` delivers to /ok, `refused` to /refused (answered 400, no retries: every event fails). */
async function setUp(server: CaptureServer): Promise<{ config: string; events: string }> {
  const dir = await makeTempDir();
  cleanup(() => dir.remove());
  const config = await dir.write(
    "config.yaml",
    `
litellm_settings:
  callbacks: ["ok", "refused"]
callback_settings:
  ok:
    callback_type: generic_api
    endpoint: ${server.url}/ok
    log_format: ndjson
    batch_size: 100
  refused:
    callback_type: generic_api
    endpoint: ${server.url}/refused
    log_format: ndjson
    batch_size: 100
    max_retries: 0
`,
  );
  const lines = sampleEvents(EVENTS).map((payload) => JSON.stringify(payload));
  lines.splice(1, 0, "{not json");
  const events = await dir.write("events.ndjson", `${lines.join("\n")}\n`);
  return { config, events };
}

async function captureServer(): Promise<CaptureServer> {
  const server = await startCaptureServer();
  cleanup(() => server.close());
  return server;
}

describe("hookline replay progress", () => {
  it("on a terminal: a line redrawn in place with events read, sent, failed and the rate, kept at the end", async () => {
    const server = await captureServer();
    const gate = createGate();
    cleanup(() => gate.release());
    server.respond((request) => (request.path === "/ok" ? { gate: gate.promise } : { status: 400, body: '{"error":"no"}' }));
    const { config, events } = await setUp(server);

    const proc = spawnInTerminal(["replay", events, "--config", config]);
    cleanup(() => proc.kill());
    // Every event read and refused by one callback, none delivered yet by the held one: the
    // line says so while replay waits, so it is live and not only a final report.
    await waitFor(() => new RegExp(`replay: read ${EVENTS} event\\(s\\) \\([\\d,]+/s\\), sent 0, failed ${EVENTS}`).test(proc.screen), {
      timeoutMs: 15_000,
      what: () => `a progress frame with every event read and none sent; screen:\n${proc.screen}`,
    });
    gate.release();
    const { code, screen } = await proc.waitForExit();
    expect(code, screen).toBe(1); // a malformed line, and the refused callback's events failed

    expect(screen).toMatch(new RegExp(`replay: read ${EVENTS} event\\(s\\) \\([\\d,]+/s\\), sent ${EVENTS}, failed ${EVENTS}\\r\\nreplayed ${EVENTS} event\\(s\\) from ${EVENTS + 1} line\\(s\\)`));
    expect(screen.split(ERASE_LINE).length).toBeGreaterThan(2);
    // The skipped line was printed on a line of its own: the progress line was erased first.
    expect(screen).toMatch(/(?:^|\r\n|\x1b\[1G)line 2: skipped: malformed JSON[^\r\n]*\r\n/);
    expect(screen).not.toMatch(/\/s\), sent [\d,]+, failed [\d,]+line 2/);
  });

  it("without a terminal: no progress line, no terminal control codes", async () => {
    const server = await captureServer();
    server.respond((request) => (request.path === "/ok" ? undefined : { status: 400 }));
    const { config, events } = await setUp(server);
    const exit = await spawnHookline(["replay", events, "--config", config]).waitForExit(20_000);
    expect(exit.code, exit.stderr).toBe(1);
    expect(exit.stdout).toContain(`replayed ${EVENTS} event(s)`);
    for (const text of [exit.stdout, exit.stderr]) {
      expect(text).not.toContain("replay: read");
      expect(text).not.toContain("\x1b[");
    }
  });

  it("on a terminal with --no-progress: no progress line", async () => {
    const server = await captureServer();
    const { config, events } = await setUp(server);
    const { code, screen } = await spawnInTerminal(["replay", events, "--config", config, "--no-progress"]).waitForExit();
    expect(code, screen).toBe(1);
    expect(screen).toContain(`replayed ${EVENTS} event(s)`);
    expect(screen).not.toContain("replay: read");
    expect(screen).not.toContain(ERASE_LINE);
  });
});
