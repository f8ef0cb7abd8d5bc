import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Exporter } from "../contracts/exporter.js";
import type { ExportResult } from "../contracts/export-result.js";
import type { Formatter } from "../contracts/formatter.js";
import { deadLetterFile } from "../delivery/dead-letter-file.js";
import { Spool } from "../delivery/spool.js";
import { eventJson } from "../events/log-event.js";
import { createPipeline } from "./pipeline.js";

const lines: Formatter = { specificationVersion: 1, type: "lines", contentType: "text/plain", encode: (events) => events.map(eventJson).join("\n") };
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "hookline-storage-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function exporter(answer: (ids: string[]) => ExportResult | Promise<ExportResult>): Exporter {
  return {
    specificationVersion: 1,
    type: "test",
    export: async (request) => answer(String(request.body).split("\n").map((l) => (JSON.parse(l) as { id: string }).id)),
  };
}

describe("dead letters and spool", () => {
  it("writes refused events to the dead-letter file with callback, reason and status", async () => {
    const dir = tempDir();
    const path = join(dir, "dead.ndjson");
    const pipeline = createPipeline({
      callbacks: [
        {
          name: "api",
          formatter: lines,
          exporter: exporter((ids) => (ids.includes("poison") ? { kind: "failure", status: 400, reason: "HTTP 400 from http://127.0.0.1/x" } : { kind: "success", status: 200 })),
          batchSize: 4,
          deadLetters: deadLetterFile(path),
        },
      ],
    });
    for (const id of ["a", "poison", "b", "c"]) pipeline.log({ id, status: "success" });
    const report = await pipeline.shutdown();
    expect(report.callbacks[0]).toMatchObject({ sent: 3, failed: 1, deadLettered: 1 });
    const [record, ...rest] = readFileSync(path, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rest).toEqual([]);
    expect(record).toMatchObject({ hookline_dead_letter: 1, callback: "api", status: 400, event_type: "llm_api_success", payload: { id: "poison", status: "success" } });
    expect(record!["reason"]).toContain("HTTP 400");
  });

  it("keeps undelivered events in the spool across a crash, and sends them after restart", async () => {
    const dir = tempDir();
    const first = Spool.open(dir);
    const down = createPipeline({
      callbacks: [{ name: "api", formatter: lines, exporter: exporter(() => new Promise<ExportResult>(() => {})), batchSize: 2, spool: first }],
    });
    for (const id of ["a", "b", "c"]) down.log({ id });
    await down.sync();
    // "crash": the first pipeline is abandoned without shutdown

    const delivered: string[] = [];
    const second = Spool.open(dir);
    expect(second.recovered.map((e) => e.payload.id)).toEqual(["a", "b", "c"]);
    const up = createPipeline({
      callbacks: [{ name: "api", formatter: lines, exporter: exporter((ids) => (delivered.push(...ids), { kind: "success" })), batchSize: 2, spool: second }],
    });
    up.log({ id: "d" });
    const report = await up.shutdown();
    expect(delivered.sort()).toEqual(["a", "b", "c", "d"]);
    expect(report.callbacks[0]).toMatchObject({ sent: 4, received: 1 });
    expect(Spool.open(dir).recovered).toEqual([]);
  });

  it("leaves events it could not send before the deadline in the spool", async () => {
    const dir = tempDir();
    const pipeline = createPipeline({
      callbacks: [{ name: "api", formatter: lines, exporter: exporter(() => ({ kind: "retryable", reason: "HTTP 503" })), batchSize: 10, spool: Spool.open(dir), retry: { initialDelayMs: 10 } }],
    });
    for (const id of ["a", "b"]) pipeline.log({ id });
    const report = await pipeline.shutdown({ deadlineMs: 50 });
    expect(report.abandoned).toEqual({ api: { count: 2, to: "spool" } });
    expect(Spool.open(dir).recovered.map((e) => e.payload.id)).toEqual(["a", "b"]);
  });
});
