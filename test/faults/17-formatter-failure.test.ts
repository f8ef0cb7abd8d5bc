/**
 * Fault 17: a formatter that throws on one event. Before the fix, `otlp_json` on one deeply
 * nested payload threw "Maximum call stack size exceeded" and the whole batch of 10 (9 valid)
 * was dropped. Now the batch is bisected like a 400: the 9 are delivered and only that event is
 * failed, into the dead letters with the formatter's reason.
 */
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { parseSummary } from "../support/summary-table.js";
import { account, expectIdentity, readDeadLetters } from "./support/accounting.js";
import { recordAccounting, useFigures } from "./support/figures.js";
import { deadLetterPath, faultServer, idsOf, payloads, runProcess, tempDir, writeConfig } from "./support/harness.js";

const cleanup = useCleanup();
useFigures();

/** Deep enough for the formatter's recursion to overflow the stack, shallow enough for JSON.parse. */
const DEPTH = 3000;

/** The payload ids in an OTLP/JSON ExportLogsServiceRequest (each record's gen_ai.response.id). */
function otlpIds(text: string): string[] {
  try {
    const body = JSON.parse(text) as { resourceLogs: { scopeLogs: { logRecords: { attributes: { key: string; value: { stringValue?: string } }[] }[] }[] }[] };
    return body.resourceLogs.flatMap((r) =>
      r.scopeLogs.flatMap((s) => s.logRecords.flatMap((record) => record.attributes.filter((a) => a.key === "gen_ai.response.id").map((a) => a.value.stringValue!))),
    );
  } catch {
    return [];
  }
}

describe("fault 17: a formatter throws on one event of a batch", () => {
  it("otlp_json, one deeply nested payload among 10: the 9 are delivered, that one is dead-lettered with the formatter's reason", async () => {
    const server = await faultServer(cleanup, {
      respond: (request) => {
        request.ids = otlpIds(request.text);
        return undefined;
      },
    });
    const dir = await tempDir(cleanup);
    const dead = deadLetterPath(dir);
    const config = await writeConfig(dir, `${server.url}/v1/logs`, { log_format: "otlp_json", batch_size: 10, flush_interval: 0.2, dead_letter_path: dead });
    const proc = await runProcess(cleanup, config);

    const valid = payloads(9, "otlp");
    const deepJson = `{"id":"deep-poison","status":"success","model":"gpt-4o","metadata":${'{"a":'.repeat(DEPTH)}{}${"}".repeat(DEPTH)}}`;
    const texts = valid.map((p) => JSON.stringify(p));
    texts.splice(4, 0, deepJson);
    const response = await fetch(proc.logsUrl, { method: "POST", headers: { "content-type": "application/json" }, body: `[${texts.join(",")}]` });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ accepted: 10, rejected: [] });
    const sent = [...idsOf(valid), "deep-poison"];
    await server.waitForDelivered(idsOf(valid), 10_000);

    proc.kill("SIGTERM");
    const exit = await proc.waitForExit(10_000);
    const summary = parseSummary(exit.stderr)["api"]!;
    const letters = await readDeadLetters(dead);
    const a = account({ sent, server, deadLettered: letters.map((l) => l.id), dropped: summary["dropped"]! });
    recordAccounting(a, {
      scenario: `17 otlp_json, 1 payload nested ${DEPTH} deep among 10 (hookline run)`,
      requests: server.requests.length,
      retries: summary["retried"],
      notes: `dead letter: ${letters[0]?.reason ?? "none"}; exit ${exit.code}`,
    });

    expectIdentity(a);
    expect(a.delivered).toBe(9);
    expect(letters.map((l) => l.id)).toEqual(["deep-poison"]);
    expect(letters[0]!.reason).toBe("formatter otlp_json failed: Maximum call stack size exceeded");
    expect(summary).toMatchObject({ received: 10, sent: 9, failed: 1, dropped: 0, "dead-lettered": 1 });
    // Every body that reached the endpoint was a valid OTLP request without the poison.
    expect(server.requests.every((r) => r.outcome === 200 && !r.text.includes("deep-poison"))).toBe(true);
    // The failure is reported (exit 1: one event was not delivered), and says why.
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain("formatter otlp_json failed: Maximum call stack size exceeded");
  });
});
