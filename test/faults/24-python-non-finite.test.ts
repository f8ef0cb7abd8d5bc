/**
 * Fault 24: what Python's `json.dumps` writes for a float that is not finite: `NaN`,
 * `Infinity`, `-Infinity`, which are not JSON. One such value used to make hookline refuse the
 * whole batch with 400 (and LiteLLM, which never reads the answer, lost it). Now the elements
 * are accepted with `null` in place of the value, forwarded as valid JSON, and counted as
 * repaired: in the answer, in /metrics, and in `hookline replay`'s output.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { parseSummary } from "../support/summary-table.js";
import { account, expectIdentity } from "./support/accounting.js";
import { recordAccounting, useFigures } from "./support/figures.js";
import { configYaml, FAST_RETRIES, faultServer, getText, metricValue, runProcess, spawnProcess, tempDir } from "./support/harness.js";

const cleanup = useCleanup();
useFigures();

const FIXTURE = new URL("../fixtures/litellm-1.81.0/litellm-1.81.0-events.ndjson", import.meta.url);
const SETTINGS = { ...FAST_RETRIES, batch_size: 10, flush_interval: 0.02 };

/** LiteLLM's 10 real payloads (as Python wrote them), three of them with a non-finite float as Python writes it. */
function pythonLines(): { lines: string[]; ids: string[] } {
  const lines = readFileSync(FIXTURE, "utf8").split("\n").filter((line) => line !== "");
  const ids = lines.map((line) => (JSON.parse(line) as { id: string }).id);
  lines[0] = lines[0]!.replace(/"response_cost": [^,]+,/, '"response_cost": NaN,');
  lines[3] = lines[3]!.replace(/"response_time": [^,]+,/, '"response_time": Infinity,');
  lines[7] = lines[7]!.replace(/"response_time": [^,]+,/, '"response_time": -Infinity,').replace(/"response_cost": [^,]+,/, '"response_cost": NaN,');
  return { lines, ids };
}

describe("fault 24: NaN and Infinity from Python's json.dumps", () => {
  it("the receiver accepts the batch, forwards valid JSON with null, and counts the repaired elements", async () => {
    const endpoint = await faultServer(cleanup);
    const dir = await tempDir(cleanup);
    const file = await dir.write("config.yaml", configYaml(`${endpoint.url}/logs`, SETTINGS));
    const proc = await runProcess(cleanup, file);
    const { lines, ids } = pythonLines();
    const body = `[${lines.join(", ")}]`;
    expect(() => JSON.parse(body)).toThrow();

    const response = await fetch(proc.logsUrl, { method: "POST", headers: { "content-type": "application/json" }, body });
    const answer = (await response.json()) as { accepted: number; rejected: unknown[]; repaired: { index: number; reason: string }[] };
    expect(response.status).toBe(200);
    expect(answer.accepted).toBe(10);
    expect(answer.rejected).toEqual([]);
    expect(answer.repaired).toEqual([
      { index: 0, reason: "NaN (not JSON) written as null" },
      { index: 3, reason: "Infinity (not JSON) written as null" },
      { index: 7, reason: "-Infinity, NaN (not JSON) written as null (2 values)" },
    ]);
    await endpoint.waitForDelivered(ids);
    const metrics = await getText(proc.url, "/metrics");
    proc.kill("SIGTERM");
    const exit = await proc.waitForExit(10_000);

    const forwarded = endpoint.requests.flatMap((r) => JSON.parse(r.text) as Record<string, unknown>[]);
    const byId = new Map(forwarded.map((p) => [p["id"] as string, p]));
    expect(byId.get(ids[0]!)!["response_cost"]).toBeNull();
    expect(byId.get(ids[3]!)!["response_time"]).toBeNull();
    expect(byId.get(ids[7]!)).toMatchObject({ response_time: null, response_cost: null });
    // Everything else is as LiteLLM sent it.
    expect(byId.get(ids[1]!)).toEqual(JSON.parse(lines[1]!));
    const a = account({ sent: ids, server: endpoint, dropped: parseSummary(exit.stderr)["api"]?.["dropped"] ?? 0 });
    recordAccounting(a, {
      scenario: "24a POST of 10 LiteLLM payloads, 3 with NaN / Infinity / -Infinity",
      requests: endpoint.requests.length,
      notes: `answer 200, repaired ${answer.repaired.map((r) => r.index).join(",")}; exit ${exit.code}`,
    });
    expectIdentity(a);
    expect(metricValue(metrics, "hookline_receiver_events_repaired_total")).toBe(3);
    expect(exit.code, exit.stderr).toBe(0);
  });

  it("hookline replay of such NDJSON lines delivers them as valid JSON and says how many it repaired", async () => {
    const endpoint = await faultServer(cleanup);
    const dir = await tempDir(cleanup);
    const config = await dir.write("config.yaml", configYaml(`${endpoint.url}/logs`, { ...SETTINGS, log_format: "ndjson" }));
    const { lines, ids } = pythonLines();
    const input = await dir.write("events.ndjson", `${lines.join("\n")}\n`);
    const exit = await spawnProcess(cleanup, ["replay", input, "--config", config]).waitForExit(15_000);
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.stdout).toContain("replayed 10 event(s) from 10 line(s), repaired 3 line(s) (NaN / Infinity written as null)");
    expect(exit.stderr).toMatch(/^line 8: repaired: -Infinity, NaN \(not JSON\) written as null \(2 values\)$/m);
    const forwarded = endpoint.requests.flatMap((r) => r.text.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as { id: string }));
    expect(forwarded.map((p) => p.id).sort()).toEqual([...ids].sort());
    const a = account({ sent: ids, server: endpoint });
    recordAccounting(a, { scenario: "24b replay of 10 NDJSON lines, 3 with NaN / Infinity", requests: endpoint.requests.length, notes: `exit ${exit.code}` });
    expectIdentity(a);
  });
});
