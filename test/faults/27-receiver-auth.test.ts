/**
 * Fault 27: who may post. With `sources.http.auth_token` (here from the environment), a POST
 * without `Authorization: Bearer <token>`, or with another token, is a 401 with
 * `WWW-Authenticate: Bearer` and nothing of it is taken; `/metrics` needs the token too,
 * `/health` does not. The token never appears in output, metrics or health. Listening on a
 * host that is not loopback without a token is refused at start unless explicitly allowed.
 */
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { account, expectIdentity } from "./support/accounting.js";
import { recordAccounting, useFigures } from "./support/figures.js";
import { configYaml, FAST_RETRIES, faultServer, idsOf, payloads, runProcess, spawnProcess, tempDir } from "./support/harness.js";

const cleanup = useCleanup();
useFigures();

const TOKEN = "hl-receiver-token-7c41d9e2";
const SETTINGS = { ...FAST_RETRIES, batch_size: 5, flush_interval: 0.02 };

describe("fault 27: the receiver's bearer token", () => {
  it("401 without the right token (nothing taken), 200 with it; /metrics needs it, /health not; the token is never shown", async () => {
    const endpoint = await faultServer(cleanup);
    const dir = await tempDir(cleanup);
    const file = await dir.write("config.yaml", configYaml(`${endpoint.url}/logs`, SETTINGS, "sources:\n  http:\n    auth_token: os.environ/HOOKLINE_TOKEN\n"));
    const proc = await runProcess(cleanup, file, { env: { HOOKLINE_TOKEN: TOKEN } });
    const postWith = (authorization: string | undefined, body: unknown) =>
      fetch(proc.logsUrl, { method: "POST", headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) }, body: JSON.stringify(body) });

    const refused = payloads(5, "auth-refused");
    for (const authorization of [undefined, "Bearer wrong-token", `Basic ${Buffer.from(`x:${TOKEN}`).toString("base64")}`, `Bearer ${TOKEN}x`]) {
      const response = await postWith(authorization, refused);
      expect(response.status, String(authorization)).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="hookline"');
      expect(await response.text()).not.toContain(TOKEN);
    }
    // What LiteLLM sends: the token in the callback's headers.
    const sent = payloads(10, "auth-ok");
    expect((await postWith(`Bearer ${TOKEN}`, sent.slice(0, 5))).status).toBe(200);
    expect((await postWith(`bearer ${TOKEN}`, sent.slice(5))).status).toBe(200);
    await endpoint.waitForDelivered(idsOf(sent));

    expect((await fetch(`${proc.url}/metrics`)).status).toBe(401);
    const metrics = await fetch(`${proc.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(metrics.status).toBe(200);
    const metricsText = await metrics.text();
    const health = await fetch(`${proc.url}/health`);
    expect(health.status).toBe(200);
    const healthText = await health.text();
    proc.kill("SIGTERM");
    const exit = await proc.waitForExit(10_000);

    for (const text of [metricsText, healthText, exit.stdout, exit.stderr]) expect(text).not.toContain(TOKEN);
    expect(metricsText).toMatch(/hookline_receiver_bodies_total\{result="unauthorized"\} 4/);
    expect(endpoint.requests.flatMap((r) => r.ids)).not.toContain("auth-refused-0");
    const a = account({ sent: idsOf(sent), server: endpoint });
    recordAccounting(a, { scenario: "27 auth_token: 4 x 401 (nothing taken), 2 x 200", requests: endpoint.requests.length, notes: `exit ${exit.code}` });
    expectIdentity(a);
    expect(exit.code).toBe(0);
  });

  it("a host that is not loopback without a token is refused at start with one line; --allow-unauthenticated or allow_unauthenticated: true lets it through", async () => {
    const dir = await tempDir(cleanup);
    const endpoint = await faultServer(cleanup);
    const file = await dir.write("config.yaml", configYaml(`${endpoint.url}/logs`, SETTINGS));
    const refused = await spawnProcess(cleanup, ["run", "--config", file, "--host", "0.0.0.0", "--port", "0"]).waitForExit(10_000);
    expect(refused.code).toBe(1);
    expect(refused.stdout).not.toContain("listening");
    expect(refused.stderr).toMatch(/sources\.http\.auth_token: the receiver would listen on 0\.0\.0\.0, which is not a loopback address, without a token/);
    expect(refused.stderr).not.toMatch(/unexpected error|\bat .*\.js:\d+/);

    // Let through, each then fails to listen on a port that is taken: the test exposes nothing.
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", () => resolve()));
    cleanup(() => new Promise<void>((resolve) => taken.close(() => resolve())));
    const port = (taken.address() as { port: number }).port;
    const byFlag = await spawnProcess(cleanup, ["run", "--config", file, "--host", "0.0.0.0", "--port", String(port), "--allow-unauthenticated"]).waitForExit(10_000);
    const allowed = await dir.write("allowed.yaml", configYaml(`${endpoint.url}/logs`, SETTINGS, `sources:\n  http: { host: 0.0.0.0, port: ${port}, allow_unauthenticated: true }\n`));
    const byConfig = await spawnProcess(cleanup, ["run", "--config", allowed]).waitForExit(10_000);
    for (const exit of [byFlag, byConfig]) {
      expect(exit.code).toBe(1);
      expect(exit.stderr).not.toContain("auth_token");
      expect(exit.stderr).toMatch(new RegExp(`^hookline: cannot listen on 0\\.0\\.0\\.0:${port}: the port is already in use \\(EADDRINUSE\\)`, "m"));
    }
  });
});
