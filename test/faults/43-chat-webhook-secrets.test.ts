/**
 * Chat webhooks (Slack, Discord) whose URL path is the credential. The presets mark their URL
 * variable `secret: true`, and that is what makes hookline mask it: the URL, its path and the
 * path's parts never reach stderr, /health, the dead letters, `validate`'s output or the
 * generated docs, even when the endpoint quotes the path back in its error body, when the URL
 * carries a query string (Discord's `?wait=true`, so the printed URL differs from the variable),
 * or when `callback_settings.slack.endpoint` gives the URL literally.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { parseSummary } from "../support/summary-table.js";
import { waitFor } from "../support/wait-for.js";
import { account, expectIdentity, readDeadLetters } from "./support/accounting.js";
import { recordAccounting, useFigures } from "./support/figures.js";
import type { FaultServer } from "./support/fault-server.js";
import { deadLetterPath, faultServer, getText, idsOf, post, runProcess, spawnProcess, tempDir } from "./support/harness.js";

const cleanup = useCleanup();
useFigures();

const SLACK_PATH = "/services/T0SLKTEAM9/B0SLKHOOK7/XsLk9wQ2mZ7rT4yK8pV3nB6c";
const DISCORD_PATH = "/api/webhooks/123456789012345678/DiScOrD-tOkEn_Zq9vX2mW7tR4yK8pL1";

/** The path and each of its parts that could identify the hook (the path's last two segments). */
function pathParts(path: string): string[] {
  const segments = path.split("/").filter(Boolean);
  return [path, path.slice(1), ...segments.slice(-2), encodeURIComponent(path), JSON.stringify(path).slice(1, -1).replace(/\//g, "\\/")];
}

/** Answers like a revoked webhook would, quoting the path back (text/plain, so it is kept). */
async function revokedHook(): Promise<FaultServer> {
  return faultServer(cleanup, {
    respond: (r) => ({ status: 404, headers: { "content-type": "text/plain" }, body: `no_service: no webhook at ${r.path} (${encodeURIComponent(r.path)})` }),
  });
}

const failures = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}`, status: "failure", model: "gpt-4o", error_str: "RateLimitError: quota", response_cost: 0 }));

/** Overrides that make a chat preset fail fast into the dead letters. */
const fast = (dead: string): string => `    flush_interval: 0.02\n    max_retries: 0\n    dead_letter_path: ${JSON.stringify(dead)}\n`;

interface Scenario {
  readonly preset: "slack" | "discord";
  /** The path that must stay hidden. */
  readonly path: string;
  /** The variable's value (when the URL comes from the variable). */
  readonly url?: (server: FaultServer) => string;
  /** A literal `callback_settings.<preset>.endpoint`. */
  readonly literal?: (server: FaultServer) => string;
  /** What the printed URL is replaced with. */
  readonly mask: (server: FaultServer) => string;
}

async function runScenario(s: Scenario): Promise<void> {
  const server = await revokedHook();
  const dir = await tempDir(cleanup);
  const dead = deadLetterPath(dir);
  const variable = s.preset === "slack" ? "SLACK_WEBHOOK_URL" : "DISCORD_WEBHOOK_URL";
  const endpoint = s.literal ? `    endpoint: ${s.literal(server)}\n` : "";
  const config = await dir.write("config.yaml", `litellm_settings:\n  callbacks: ["${s.preset}"]\ncallback_settings:\n  ${s.preset}:\n${endpoint}${fast(dead)}`);
  const env = s.url ? { [variable]: s.url(server) } : {};
  const secrets = [...pathParts(s.path), ...(s.url ? [s.url(server)] : []), ...(s.literal ? [s.literal(server)] : [])];

  const validate = await spawnProcess(cleanup, ["validate", "--config", config], { env }).waitForExit(15_000);
  expect(validate.code, validate.stderr).toBe(0);

  const proc = await runProcess(cleanup, config, { env });
  const sent = failures(6, s.preset);
  expect((await post(proc.logsUrl, sent)).status).toBe(200);
  await waitFor(async () => (await readDeadLetters(dead)).length === sent.length, { timeoutMs: 10_000, what: "every failure report to be dead-lettered" });
  const health = await getText(proc.url, "/health");
  const metrics = await getText(proc.url, "/metrics");
  proc.kill("SIGTERM");
  const exit = await proc.waitForExit(10_000);
  const letters = await readDeadLetters(dead);
  const summary = parseSummary(exit.stderr)[s.preset]!;

  const a = account({ sent: idsOf(sent as never), server, deadLettered: letters.map((l) => l.id), dropped: summary["dropped"]! });
  recordAccounting(a, { scenario: `43 ${s.preset} webhook revoked (404 quoting its path)${s.literal ? ", literal endpoint" : ""}`, requests: server.requests.length, notes: `exit ${exit.code}` });
  expectIdentity(a);
  // The hook really was called at its secret path.
  expect(server.requests[0]!.path).toBe(s.path);
  const lastError = (JSON.parse(health) as { callbacks: { last_error: string }[] }).callbacks[0]!.last_error;
  expect(lastError).toContain(`POST ${s.mask(server)} responded 404`);
  expect(lastError).toContain("no_service: no webhook at");
  for (const letter of letters) expect(letter.reason).toContain(s.mask(server));
  for (const [where, text] of Object.entries({
    "validate output": validate.stdout + validate.stderr,
    stdout: exit.stdout,
    stderr: exit.stderr,
    "/health": health,
    "/metrics": metrics,
    "dead-letter reasons": letters.map((l) => l.reason).join("\n"),
  })) {
    for (const secret of secrets) expect(text, `${where} holds ${secret}`).not.toContain(secret);
  }
}

describe("chat webhook URLs whose path is the secret", () => {
  it("slack: SLACK_WEBHOOK_URL is masked as $SLACK_WEBHOOK_URL everywhere, the echoed path too", async () => {
    await runScenario({ preset: "slack", path: SLACK_PATH, url: (server) => `${server.url}${SLACK_PATH}`, mask: () => "$SLACK_WEBHOOK_URL" });
  });

  it("discord with ?wait=true: the printed URL keeps its host and masks the path", async () => {
    await runScenario({ preset: "discord", path: DISCORD_PATH, url: (server) => `${server.url}${DISCORD_PATH}?wait=true`, mask: (server) => `${server.url}/[redacted]` });
  });

  it("slack with the URL written literally in callback_settings.slack.endpoint: the preset still marks its path secret", async () => {
    await runScenario({ preset: "slack", path: SLACK_PATH, literal: (server) => `${server.url}${SLACK_PATH}`, mask: (server) => `${server.url}/[redacted]` });
  });

  it("validate with a problem elsewhere, presets show and docs: the webhook URL is never printed", async () => {
    const dir = await tempDir(cleanup);
    const slack = `https://hooks.slack.com${SLACK_PATH}`;
    const discord = `https://discord.com${DISCORD_PATH}`;
    const env = { SLACK_WEBHOOK_URL: slack, DISCORD_WEBHOOK_URL: discord };
    const config = await dir.write(
      "config.yaml",
      `litellm_settings:\n  callbacks: ["slack", "discord"]\ncallback_settings:\n  slack:\n    batch_size: lots\n  discord:\n    max_retries: -1\n`,
    );
    const validate = await spawnProcess(cleanup, ["validate", "--config", config], { env }).waitForExit(15_000);
    expect(validate.code).toBe(1);
    expect(validate.stderr).toContain("callback_settings.slack.batch_size");
    expect(validate.stderr).toContain("callback_settings.discord.max_retries");
    const out = join(dir.path, "docs");
    const docs = await spawnProcess(cleanup, ["docs", "--out", out], { env }).waitForExit(15_000);
    expect(docs.code, docs.stderr).toBe(0);
    const pages = await Promise.all((await readdir(out)).map((name) => readFile(join(out, name), "utf8")));
    const slackPage = await readFile(join(out, "slack.md"), "utf8");
    expect(slackPage).toContain("$SLACK_WEBHOOK_URL");
    const shows = await Promise.all(["slack", "discord"].map((name) => spawnProcess(cleanup, ["presets", "show", name, "--config", config], { env }).waitForExit(15_000)));
    for (const show of shows) expect(show.code, show.stderr).toBe(0);
    for (const [where, text] of Object.entries({
      validate: validate.stdout + validate.stderr,
      docs: pages.join("\n") + docs.stdout + docs.stderr,
      "presets show": shows.map((s) => s.stdout + s.stderr).join("\n"),
    })) {
      for (const secret of [slack, discord, ...pathParts(SLACK_PATH), ...pathParts(DISCORD_PATH)]) expect(text, `${where} holds ${secret}`).not.toContain(secret);
    }
  });
});
