/**
 * Fault 26: small differences in what reaches the receiver. `POST /v1/callbacks/logs/` (a
 * trailing slash) used to be a 404 and is accepted. A body whose bytes are not valid UTF-8
 * used to be answered 200 and forwarded with U+FFFD in place of the bytes, silently: now the
 * element is rejected with its reason and kept, byte for byte, in the receiver's dead letters,
 * while the valid elements of the same body go on unchanged.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { account, expectIdentity } from "./support/accounting.js";
import { recordAccounting, useFigures } from "./support/figures.js";
import { configYaml, FAST_RETRIES, faultServer, idsOf, payloads, runProcess, tempDir } from "./support/harness.js";

const cleanup = useCleanup();
useFigures();

const SETTINGS = { ...FAST_RETRIES, batch_size: 5, flush_interval: 0.02, log_format: "ndjson" };

describe("fault 26: trailing slash and bytes that are not UTF-8", () => {
  it("POST /v1/callbacks/logs/ (with or without a query) is the logs path", async () => {
    const endpoint = await faultServer(cleanup);
    const dir = await tempDir(cleanup);
    const proc = await runProcess(cleanup, await dir.write("config.yaml", configYaml(`${endpoint.url}/logs`, SETTINGS)));
    const sent = payloads(10, "slash");
    for (const [path, body] of [["/v1/callbacks/logs/", sent.slice(0, 5)], ["/v1/callbacks/logs/?source=litellm", sent.slice(5)]] as const) {
      const response = await fetch(`${proc.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      expect(response.status, path).toBe(200);
    }
    expect((await fetch(`${proc.url}/v1/callbacks/log`, { method: "POST", body: "[]" })).status).toBe(404);
    await endpoint.waitForDelivered(idsOf(sent));
    proc.kill("SIGTERM");
    const exit = await proc.waitForExit(10_000);
    const a = account({ sent: idsOf(sent), server: endpoint });
    recordAccounting(a, { scenario: "26a POST to /v1/callbacks/logs/ (trailing slash)", requests: endpoint.requests.length, notes: `exit ${exit.code}` });
    expectIdentity(a);
    expect(exit.code).toBe(0);
  });

  it("an element that is not valid UTF-8 is rejected and kept as its bytes; the others are forwarded exactly; no U+FFFD anywhere", async () => {
    const endpoint = await faultServer(cleanup);
    const dir = await tempDir(cleanup);
    const proc = await runProcess(cleanup, await dir.write("config.yaml", configYaml(`${endpoint.url}/logs`, SETTINGS, "sources:\n  http:\n    dead_letter_path: http-dead.ndjson\n")));
    const bad = Buffer.concat([Buffer.from('{"id":"utf8-bad","status":"success","messages":"caf'), Buffer.from([0xc3]), Buffer.from('"}')]);
    const good = ['{"id":"utf8-ok-1","status":"success","messages":"café 🙂"}', '{"id":"utf8-ok-2","status":"failure","error_str":"naïve"}'];
    const body = Buffer.concat([Buffer.from(`[${good[0]},`), bad, Buffer.from(`,${good[1]}]`)]);
    const response = await fetch(proc.logsUrl, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: 2, rejected: [{ index: 1, reason: "not valid UTF-8 (byte 51 of the element, 0xc3)" }], dead_lettered: 1 });
    await endpoint.waitForDelivered(["utf8-ok-1", "utf8-ok-2"]);
    proc.kill("SIGTERM");
    const exit = await proc.waitForExit(10_000);

    const forwarded = Buffer.concat(endpoint.requests.map((r) => Buffer.from(r.text, "utf8")));
    expect(forwarded.toString("utf8").split("\n").filter((l) => l !== "").sort()).toEqual([...good].sort());
    expect(forwarded.includes(Buffer.from("\ufffd"))).toBe(false);
    const records = (await readFile(join(dir.path, "http-dead.ndjson"), "utf8")).split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as { payload_base64: string; reason: string; index: number });
    expect(records).toHaveLength(1);
    expect(Buffer.from(records[0]!.payload_base64, "base64")).toEqual(bad);
    expect(records[0]).toMatchObject({ hookline_dead_letter: 1, source: "http", index: 1, reason: expect.stringContaining("UTF-8") });
    const a = account({ sent: ["utf8-ok-1", "utf8-bad", "utf8-ok-2"], server: endpoint, deadLettered: ["utf8-bad"] });
    recordAccounting(a, { scenario: "26b invalid UTF-8 element between two valid ones", requests: endpoint.requests.length, notes: `dead letter keeps the ${bad.length} bytes (base64); exit ${exit.code}` });
    expectIdentity(a);
    expect(exit.code).toBe(0);
  });
});
