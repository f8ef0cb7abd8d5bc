/**
 * Fault 25: what LiteLLM sends that is not a StandardLoggingPayload. Its legacy v1 payloads
 * (`generic_api_use_v1: true`: every value a string, `"cache_hit": "None"`, no `status`) used
 * to be answered 200 and then dropped as invalid; they are accepted as success events and
 * forwarded unchanged. An element that is still rejected is never only counted: with
 * `sources.http.dead_letter_path` it is written there with its reason before the 200; without
 * it the body is refused whole (400), since a 200 would claim it was taken.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { parseSummary } from "../support/summary-table.js";
import { account, expectIdentity, readDeadLetters } from "./support/accounting.js";
import { recordAccounting, useFigures } from "./support/figures.js";
import { configYaml, FAST_RETRIES, faultServer, getText, idsOf, metricValue, payloads, post, runProcess, tempDir } from "./support/harness.js";

const cleanup = useCleanup();
useFigures();

const LEGACY = readFileSync(new URL("../fixtures/litellm-1.81.0/litellm-1.81.0-v1-legacy-events.ndjson", import.meta.url), "utf8")
  .split("\n")
  .filter((line) => line !== "");
const SETTINGS = { ...FAST_RETRIES, batch_size: 10, flush_interval: 0.02 };

describe("fault 25: legacy v1 payloads and rejected elements", () => {
  it("LiteLLM's legacy v1 payloads are accepted as success events and forwarded byte for byte", async () => {
    const ok = await faultServer(cleanup);
    const failures = await faultServer(cleanup);
    const dir = await tempDir(cleanup);
    const file = await dir.write(
      "config.yaml",
      `litellm_settings:
  callbacks: ["ok", "failures"]
callback_settings:
  ok:
    callback_type: generic_api
    endpoint: ${ok.url}/logs
    event_types: [llm_api_success]
    batch_size: 10
    flush_interval: 0.02
  failures:
    callback_type: generic_api
    endpoint: ${failures.url}/logs
    event_types: [llm_api_failure]
    batch_size: 10
    flush_interval: 0.02
`,
    );
    const proc = await runProcess(cleanup, file);
    // What LiteLLM posts in v1 mode: a JSON array of these, Python's separators.
    const body = `[${LEGACY.join(", ")}]`;
    const response = await fetch(proc.logsUrl, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: 2, rejected: [] });
    const ids = LEGACY.map((line) => (JSON.parse(line) as { id: string }).id);
    await ok.waitForDelivered(ids);
    proc.kill("SIGTERM");
    const exit = await proc.waitForExit(10_000);

    expect(ok.requests.map((r) => r.text)).toEqual([`[${LEGACY.join(",")}]`]);
    expect(failures.requests).toHaveLength(0);
    const summary = parseSummary(exit.stderr);
    const a = account({ sent: ids, server: ok, dropped: (summary["ok"]?.["dropped"] ?? 0) + (summary["failures"]?.["dropped"] ?? 0) });
    recordAccounting(a, { scenario: "25a LiteLLM legacy v1 payloads (generic_api_use_v1)", requests: ok.requests.length, notes: `typed success; exit ${exit.code}` });
    expectIdentity(a);
    expect(summary["failures"]).toMatchObject({ received: 2, filtered: 2, sent: 0 });
    expect(exit.code, exit.stderr).toBe(0);
  });

  it("with sources.http.dead_letter_path, rejected elements are written there with their reason before the 200; received = delivered + dead-lettered", async () => {
    const endpoint = await faultServer(cleanup);
    const dir = await tempDir(cleanup);
    const file = await dir.write("config.yaml", configYaml(`${endpoint.url}/logs`, SETTINGS, "sources:\n  http:\n    dead_letter_path: rejected/http.ndjson\n"));
    const proc = await runProcess(cleanup, file);
    const good = payloads(8, "mixed-ok");
    const bad = [
      { id: "mixed-bad-status", status: "ok" },
      { id: "mixed-bad-time", status: "success", startTime: "yesterday" },
    ];
    const response = await post(proc.logsUrl, [good[0], bad[0], ...good.slice(1, 5), bad[1], ...good.slice(5)]);
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      accepted: 8,
      rejected: [
        { index: 1, reason: "status: must be equal to one of the allowed values (success, failure)" },
        { index: 6, reason: "startTime: must be number,null" },
      ],
      dead_lettered: 2,
    });
    // On disk before the answer: read it before anything else happens.
    const letters = await readDeadLetters(join(dir.path, "rejected/http.ndjson"));
    await endpoint.waitForDelivered(idsOf(good));
    const metrics = await getText(proc.url, "/metrics");
    proc.kill("SIGTERM");
    const exit = await proc.waitForExit(10_000);

    const sent = [...idsOf(good), ...bad.map((b) => b.id)];
    const a = account({ sent, server: endpoint, deadLettered: letters.map((l) => l.id), dropped: parseSummary(exit.stderr)["api"]?.["dropped"] ?? 0 });
    recordAccounting(a, {
      scenario: "25b 8 payloads + 2 invalid elements, sources.http.dead_letter_path",
      requests: endpoint.requests.length,
      notes: `answer 200 dead_lettered 2; reasons: ${letters.map((l) => l.reason).join(" / ")}`,
    });
    expectIdentity(a);
    expect(letters.map((l) => l.id)).toEqual(bad.map((b) => b.id));
    expect(letters.map((l) => l.reason)).toEqual(response.json && (response.json as { rejected: { reason: string }[] }).rejected.map((r) => r.reason));
    expect(metricValue(metrics, "hookline_receiver_events_dead_lettered_total")).toBe(2);
    expect(metricValue(metrics, "hookline_receiver_events_total", { result: "rejected" })).toBe(2);
    expect(exit.code, exit.stderr).toBe(0);
  });

  it("without a dead-letter path, a body with a rejected element is refused whole (400) and counted; nothing of it is delivered", async () => {
    const endpoint = await faultServer(cleanup);
    const dir = await tempDir(cleanup);
    const file = await dir.write("config.yaml", configYaml(`${endpoint.url}/logs`, SETTINGS));
    const proc = await runProcess(cleanup, file);
    const response = await post(proc.logsUrl, [...payloads(3, "refused-ok"), { id: "refused-bad", status: "ok" }]);
    expect(response.status).toBe(400);
    expect((response.json as { error: string }).error).toMatch(/sources\.http\.dead_letter_path is not set/);
    const later = payloads(3, "refused-later");
    expect((await post(proc.logsUrl, later)).status).toBe(200);
    await endpoint.waitForDelivered(idsOf(later));
    const metrics = await getText(proc.url, "/metrics");
    proc.kill("SIGTERM");
    const exit = await proc.waitForExit(10_000);
    expect(endpoint.requests.flatMap((r) => r.ids)).toEqual(idsOf(later));
    expect(metricValue(metrics, "hookline_receiver_bodies_total", { result: "rejected_elements" })).toBe(1);
    const a = account({ sent: idsOf(later), server: endpoint });
    recordAccounting(a, { scenario: "25c a rejected element without dead_letter_path: body refused (400)", requests: endpoint.requests.length, notes: `refused body not taken; exit ${exit.code}` });
    expectIdentity(a);
    expect(exit.code).toBe(0);
  });
});
