/**
 * Fault 21: callbacks that lead back into hookline. A callback whose endpoint is this
 * `hookline run`'s own receiver (hookline run on LiteLLM's config.yaml, which names hookline)
 * is refused at start with one clear line naming the callback. A loop across two instances is
 * cut by the `X-Hookline-Via` hop header: the receiver that sees its own id answers 508, and
 * the sender dead-letters the events; a bounded number of requests, no amplification.
 */
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { parseSummary } from "../support/summary-table.js";
import { waitFor } from "../support/wait-for.js";
import { account, expectIdentity, readDeadLetters } from "./support/accounting.js";
import { reservePort } from "./support/fault-server.js";
import { recordAccounting, useFigures } from "./support/figures.js";
import { configYaml, FAST_RETRIES, faultServer, getText, idsOf, metricValue, payloads, post, runProcess, spawnProcess, tempDir } from "./support/harness.js";
import { mergedDeliveries } from "./support/merged-deliveries.js";

const cleanup = useCleanup();
useFigures();

const SETTINGS = { ...FAST_RETRIES, max_retries: 3, batch_size: 5, flush_interval: 0.02 };

describe("fault 21: callbacks that lead back into hookline", () => {
  it("a callback pointing at this receiver is refused at start: exit 1, one line naming the callback, whatever spelling of the address", async () => {
    const dir = await tempDir(cleanup);
    const port = await reservePort();
    const spellings = [
      { endpoint: `http://127.0.0.1:${port}/v1/callbacks/logs`, args: ["--port", String(port)] },
      { endpoint: `http://localhost:${port}/v1/callbacks/logs/`, args: ["--port", String(port)] },
      { endpoint: `http://[::1]:${port}/v1/callbacks/logs?x=1`, args: ["--port", String(port)] },
      { endpoint: `http://0.0.0.0:${port}/v1/callbacks/logs`, args: [], extra: `sources:\n  http: { port: ${port} }\n` },
    ];
    for (const { endpoint, args, extra } of spellings) {
      const file = await dir.write("loop.yaml", configYaml(endpoint, SETTINGS, extra ?? ""));
      const exit = await spawnProcess(cleanup, ["run", "--config", file, ...args]).waitForExit(10_000);
      expect(exit.code, `${endpoint}\n${exit.stderr}`).toBe(1);
      expect(exit.stdout).not.toContain("listening");
      expect(exit.stderr).not.toMatch(/unexpected error|\bat .*\.js:\d+/);
      expect(exit.stderr).toMatch(new RegExp(`loop\\.yaml: callback_settings\\.api\\.endpoint: .* is this hookline's own receiver .*callback api would send every event back into hookline`));
    }
  });

  it("the LiteLLM config that names hookline as a callback, run as hookline's own config, is refused the same way", async () => {
    const dir = await tempDir(cleanup);
    const file = await dir.write(
      "litellm.yaml",
      `litellm_settings:\n  callbacks: ["hookline"]\ncallback_settings:\n  hookline:\n    callback_type: generic_api\n    endpoint: http://127.0.0.1:4400/v1/callbacks/logs\n    log_format: ndjson\n`,
    );
    const exit = await spawnProcess(cleanup, ["run", "--config", file]).waitForExit(10_000);
    expect(exit.code).toBe(1);
    expect(exit.stderr).toMatch(/callback_settings\.hookline\.endpoint: http:\/\/127\.0\.0\.1:4400\/v1\/callbacks\/logs is this hookline's own receiver \(listening on 127\.0\.0\.1:4400\)/);
    // `hookline validate` says so too, before anything runs.
    const validate = await spawnProcess(cleanup, ["validate", "--config", file]).waitForExit(10_000);
    expect(validate.code).toBe(1);
    expect(validate.stderr).toMatch(/^error: .*litellm\.yaml: callback_settings\.hookline\.endpoint: .* is this hookline's own receiver/m);
  });

  it("two instances pointing at each other: one hop, then 508 Loop Detected, and the events are dead-lettered by the sender", async () => {
    const dir = await tempDir(cleanup);
    const [portX, portY] = [await reservePort(), await reservePort()];
    const fileX = await dir.write("x.yaml", configYaml(`http://127.0.0.1:${portY}/v1/callbacks/logs`, { ...SETTINGS, dead_letter_path: "dead-x.ndjson" }, `sources:\n  http: { port: ${portX} }\n`));
    const fileY = await dir.write("y.yaml", configYaml(`http://127.0.0.1:${portX}/v1/callbacks/logs`, { ...SETTINGS, dead_letter_path: "dead-y.ndjson" }, `sources:\n  http: { port: ${portY} }\n`));
    // runProcess adds --port 0; a second --port wins.
    const x = await runProcess(cleanup, fileX, { extraArgs: ["--port", String(portX)] });
    const y = await runProcess(cleanup, fileY, { extraArgs: ["--port", String(portY)] });

    const sent = payloads(5, "loop");
    expect((await post(x.logsUrl, sent)).status).toBe(200);
    await waitFor(async () => (await readDeadLetters(`${dir.path}/dead-y.ndjson`)).length >= 5, { what: "Y to dead-letter the events" });
    const metricsX = await getText(x.url, "/metrics");
    const metricsY = await getText(y.url, "/metrics");
    x.kill("SIGTERM");
    y.kill("SIGTERM");
    const [exitX, exitY] = [await x.waitForExit(10_000), await y.waitForExit(10_000)];
    const lettersY = await readDeadLetters(`${dir.path}/dead-y.ndjson`);
    const lettersX = await readDeadLetters(`${dir.path}/dead-x.ndjson`);
    const summaryX = parseSummary(exitX.stderr)["api"] ?? {};
    const summaryY = parseSummary(exitY.stderr)["api"] ?? {};
    const requests = (text: string, status_class: string) => metricValue(text, "hookline_requests_total", { callback: "api", status_class }) ?? 0;

    // End to end there is no endpoint: every event must end in a dead-letter file.
    const nowhere = await faultServer(cleanup);
    const a = account({ sent: idsOf(sent), server: mergedDeliveries(nowhere), deadLettered: [...lettersX, ...lettersY].map((l) => l.id) });
    recordAccounting(a, {
      scenario: "21 two hookline run pointing at each other",
      requests: requests(metricsX, "2xx") + requests(metricsY, "5xx"),
      notes: `X->Y ${requests(metricsX, "2xx")} x 2xx; Y->X ${requests(metricsY, "5xx")} x 508; X refused ${metricValue(metricsX, "hookline_receiver_bodies_total", { result: "loop" })} loop(s); reason: ${lettersY[0]?.reason ?? "-"}`,
    });
    expectIdentity(a);
    expect(lettersY.map((l) => l.status)).toEqual([508, 508, 508, 508, 508]);
    expect(lettersY[0]!.reason).toMatch(/responded 508 Loop Detected: loop detected: this request already passed through this hookline/);
    expect(lettersX).toEqual([]);
    // One request each way: X delivered to Y (its events then belong to Y), Y's came back refused and were not retried.
    expect(requests(metricsX, "2xx")).toBe(1);
    expect(requests(metricsY, "5xx")).toBe(1);
    expect(summaryY).toMatchObject({ retried: 0, failed: 5, "dead-lettered": 5 });
    expect(metricValue(metricsX, "hookline_receiver_bodies_total", { result: "loop" })).toBe(1);
    expect(metricValue(metricsX, "hookline_receiver_events_total", { result: "accepted" })).toBe(5);
    expect(summaryX).toMatchObject({ sent: 5, failed: 0 });
    expect(exitX.code).toBe(0);
    expect(exitY.code).toBe(1);
  });

  it("the via list is carried on with this instance's id added; a request that passed through too many instances is refused", async () => {
    const endpoint = await faultServer(cleanup);
    const dir = await tempDir(cleanup);
    const file = await dir.write("config.yaml", configYaml(`${endpoint.url}/logs`, SETTINGS));
    const proc = await runProcess(cleanup, file);
    const sent = payloads(5, "via");
    const response = await fetch(proc.logsUrl, { method: "POST", headers: { "x-hookline-via": "aaaa1111,bbbb2222" }, body: JSON.stringify(sent) });
    expect(response.status).toBe(200);
    await endpoint.waitForDelivered(idsOf(sent));
    expect(endpoint.requests[0]!.headers["x-hookline-via"]).toMatch(/^aaaa1111,bbbb2222,[0-9a-f]{12}$/);

    const tooFar = Array.from({ length: 10 }, (_, i) => `hop${i}`).join(",");
    const refused = await fetch(proc.logsUrl, { method: "POST", headers: { "x-hookline-via": tooFar }, body: JSON.stringify(payloads(1, "far")) });
    expect(refused.status).toBe(508);
    expect(await refused.text()).toMatch(/passed through 10 hookline instances/);
    proc.kill("SIGTERM");
    const exit = await proc.waitForExit(10_000);
    expect(exit.code).toBe(0);
    expect(endpoint.requests.flatMap((r) => r.ids)).not.toContain("far-0");
  });
});
