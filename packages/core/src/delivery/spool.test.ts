import { appendFileSync, chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { HooklineError } from "../errors/hookline-error.js";
import { createLogEvent } from "../events/log-event.js";
import { Spool } from "./spool.js";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "hookline-spool-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const event = (id: string, status: "success" | "failure" = "success") => createLogEvent({ id, status });
const segments = (dir: string): string[] => readdirSync(dir).filter((f) => /^segment-\d+\.ndjson$/.test(f)).sort();

describe("Spool", () => {
  it("gives back, after a restart, every event that was not settled, in order", async () => {
    const dir = tempDir();
    const { spool } = Spool.open(dir);
    for (const id of ["a", "b", "c", "d", "e"]) spool.append(event(id, id === "c" ? "failure" : "success"));
    await spool.sync();
    spool.settle(0, 1); // a
    spool.settle(2, 1); // c, above the checkpoint: stays until b settles
    await spool.sync();
    // no close(): as after kill -9
    const reopened = Spool.open(dir);
    expect(reopened.recovered.map((e) => [e.payload.id, e.type])).toEqual([
      ["b", "llm_api_success"],
      ["c", "llm_api_failure"],
      ["d", "llm_api_success"],
      ["e", "llm_api_success"],
    ]);
    expect(reopened.firstSeq).toBe(1);
    expect(reopened.spool.nextSeq).toBe(5);
  });

  it("forgets everything once all is settled, and deletes the old segment", async () => {
    const dir = tempDir();
    const { spool } = Spool.open(dir);
    for (const id of ["a", "b"]) spool.append(event(id));
    await spool.sync();
    spool.settle(1, 1);
    spool.settle(0, 1);
    await spool.close();
    const reopened = Spool.open(dir);
    expect(reopened.recovered).toEqual([]);
    expect(reopened.damage).toBeUndefined();
    expect(segments(dir)).toEqual([]);
  });

  it("a line torn by a crash: the intact records are kept, the torn one is moved aside and counted", async () => {
    const dir = tempDir();
    const { spool } = Spool.open(dir);
    spool.append(event("a"));
    await spool.sync();
    const [segment] = segments(dir);
    appendFileSync(join(dir, segment!), '{"s":1,"t":"llm_api_success","p":{"id":"tor');
    const warnings: string[] = [];
    const reopened = Spool.open(dir, { onError: (m) => warnings.push(m) });
    expect(reopened.recovered.map((e) => e.payload.id)).toEqual(["a"]);
    expect(reopened.damage).toMatchObject({ lost: 1, damagedRecords: 1 });
    expect(reopened.damage!.problems.join()).toContain("was cut short");
    expect(readFileSync(reopened.damage!.movedTo[0]!, "utf8")).toBe('{"s":1,"t":"llm_api_success","p":{"id":"tor\n');
    expect(warnings).toEqual([expect.stringMatching(/: 1 event\(s\) lost: the last record of segment-\d+\.ndjson was cut short .*; damaged bytes moved to .*\.corrupt-/)]);
    // Repaired: the next start finds nothing wrong, and the same event.
    reopened.spool.append(event("b"));
    await reopened.spool.close();
    const again = Spool.open(dir);
    expect(again.damage).toBeUndefined();
    expect(again.recovered.map((e) => e.payload.id)).toEqual(["a", "b"]);
  });

  it("refuses an unwritable directory with a clear error naming the config key", () => {
    if (process.getuid?.() === 0) {
      // root can write anywhere; use a path under a regular file instead
      const dir = tempDir();
      appendFileSync(join(dir, "file"), "x");
      expect(() => Spool.open(join(dir, "file", "spool"), { configPath: "callback_settings.a.spool_path" })).toThrow(
        /^callback_settings\.a\.spool_path: cannot use spool directory .*: (ENOTDIR|EEXIST)/,
      );
      return;
    }
    const dir = tempDir();
    chmodSync(dir, 0o500);
    let error: unknown;
    try {
      Spool.open(join(dir, "spool"), { configPath: "callback_settings.a.spool_path" });
    } catch (err) {
      error = err;
    }
    expect(HooklineError.is(error) && error.code).toBe("ERR_STORAGE_FAILED");
  });
});
