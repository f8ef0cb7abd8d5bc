import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLogEvent, eventJson } from "../events/log-event.js";
import { Spool } from "./spool.js";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "hookline-spool-recovery-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const segments = (dir: string): string[] => readdirSync(dir).filter((f) => /^segment-\d+\.ndjson$/.test(f)).sort();
const ids = (opened: { recovered: { payload: { id?: unknown } }[] }): unknown[] => opened.recovered.map((e) => e.payload.id);

/** A spool left by a crash: `groups` of events, each group synced on its own (one segment each with segmentBytes 1). */
async function crashedSpool(dir: string, groups: string[][]): Promise<void> {
  const { spool } = Spool.open(dir, { segmentBytes: 1 });
  for (const group of groups) {
    for (const id of group) spool.append(createLogEvent({ id, status: "success" }));
    await spool.sync();
  }
  // no close(): as after kill -9
}

describe("Spool.open on a damaged spool", () => {
  it("a flipped byte in one record: that event is lost and counted, every other one is kept in order", async () => {
    const dir = tempDir();
    await crashedSpool(dir, [["a", "b", "c", "d", "e"]]);
    const [segment] = segments(dir);
    const path = join(dir, segment!);
    const bytes = readFileSync(path);
    const at = bytes.indexOf('"id":"c"'); // inside record "c"
    bytes[at + 6] = "x".charCodeAt(0);
    writeFileSync(path, bytes);

    const opened = Spool.open(dir);
    expect(ids(opened)).toEqual(["a", "b", "d", "e"]);
    expect(opened.damage).toMatchObject({ lost: 1, damagedRecords: 1 });
    expect(opened.damage!.problems.join("; ")).toMatch(/1 damaged record\(s\) in segment-\d+\.ndjson \(checksum mismatch\); 1 record\(s\) missing \(sequence 2: /);
    expect(readFileSync(opened.damage!.movedTo[0]!, "utf8")).toContain('"x"');
    // The repaired spool holds the four events, renumbered after every old sequence.
    expect(Spool.open(dir)).toMatchObject({ damage: undefined });
    expect(ids(Spool.open(dir))).toEqual(["a", "b", "d", "e"]);
  });

  it("a deleted segment in the middle: its events are counted from the gap", async () => {
    const dir = tempDir();
    await crashedSpool(dir, [["a1", "a2"], ["b1", "b2", "b3"], ["c1"]]);
    const [, middle] = segments(dir);
    rmSync(join(dir, middle!));
    const opened = Spool.open(dir);
    expect(ids(opened)).toEqual(["a1", "a2", "c1"]);
    expect(opened.damage).toMatchObject({ lost: 3, damagedRecords: 0 });
    expect(opened.damage!.problems).toEqual([expect.stringMatching(/^3 record\(s\) missing \(sequence 2-4: a deleted or truncated segment/)]);
  });

  it("a deleted last segment: counted from the checkpoint's record of how far writes went", async () => {
    const dir = tempDir();
    await crashedSpool(dir, [["a1", "a2"], ["b1", "b2", "b3"], ["c1"]]);
    // The sync that starts a segment saves the checkpoint after its write, with how far it went.
    rmSync(join(dir, segments(dir).at(-1)!));
    const opened = Spool.open(dir);
    expect(ids(opened)).toEqual(["a1", "a2", "b1", "b2", "b3"]);
    expect(opened.damage).toMatchObject({ lost: 1, problems: [expect.stringMatching(/^1 record\(s\) missing \(sequence 5: /)] });
  });

  it("a file truncated in the middle of a record: the whole records before the cut are kept", async () => {
    const dir = tempDir();
    await crashedSpool(dir, [["a", "b", "c", "d"]]);
    const path = join(dir, segments(dir)[0]!);
    const text = readFileSync(path, "utf8");
    truncateSync(path, Buffer.byteLength(text.slice(0, text.indexOf('"id":"c"') + 4)));
    const opened = Spool.open(dir);
    expect(ids(opened)).toEqual(["a", "b"]);
    // "c" is cut short; "d" is gone, and the checkpoint knows it was written.
    expect(opened.damage?.lost).toBe(2);
  });

  it("a damaged checkpoint: nothing is trusted as settled, every event is sent again", async () => {
    const dir = tempDir();
    const { spool } = Spool.open(dir);
    for (const id of ["a", "b", "c"]) spool.append(createLogEvent({ id }));
    await spool.sync();
    spool.settle(0, 2);
    await spool.sync();
    expect(ids(Spool.open(dir))).toEqual(["c"]);
    writeFileSync(join(dir, "checkpoint"), readFileSync(join(dir, "checkpoint"), "utf8").replace(/"low":\d+/, '"low":9'));
    const opened = Spool.open(dir);
    expect(opened.damage).toMatchObject({ lost: 0 });
    expect(opened.damage!.problems.join()).toContain("checkpoint was damaged");
    expect(ids(opened)).toEqual(["a", "b", "c"]);
  });

  it("reads (and rewrites with checksums) a spool written by an earlier version", () => {
    const dir = tempDir();
    const old = (s: number, id: string) => `{"s":${s},"t":"llm_api_success","p":${JSON.stringify({ id })}}\n`;
    writeFileSync(join(dir, "segment-000000000000.ndjson"), old(0, "a") + old(1, "b") + old(2, "c"));
    writeFileSync(join(dir, "checkpoint"), "1");
    const opened = Spool.open(dir);
    expect(opened.damage).toBeUndefined();
    expect(ids(opened)).toEqual(["b", "c"]);
    const [segment] = segments(dir);
    expect(readFileSync(join(dir, segment!), "utf8").split("\n").filter(Boolean).every((line) => /,"c":"[0-9a-f]{8}"\}$/.test(line))).toBe(true);
    expect(ids(Spool.open(dir))).toEqual(["b", "c"]);
  });

  it("events settled before they were written leave a skip record, so a crash before the checkpoint is saved is not taken for damage", async () => {
    const dir = tempDir();
    const { spool } = Spool.open(dir);
    spool.append(createLogEvent({ id: "e0" }));
    await spool.sync();
    copyFileSync(join(dir, "checkpoint"), join(dir, "stale-checkpoint"));
    spool.append(createLogEvent({ id: "e1" }));
    spool.append(createLogEvent({ id: "e2" }));
    spool.settle(1, 2);
    spool.settle(0, 1); // e0..e2 settled; e1 and e2 never reached the disk
    spool.append(createLogEvent({ id: "e3" }));
    await spool.sync();
    expect(spool.written).toBe(2); // e0 and e3
    // A crash just before that checkpoint was saved:
    copyFileSync(join(dir, "stale-checkpoint"), join(dir, "checkpoint"));
    const opened = Spool.open(dir);
    expect(opened.damage).toBeUndefined();
    expect(ids(opened)).toEqual(["e0", "e3"]); // e0 again (at least once); e1 and e2 were settled
  });

  it("keeps the payload text of recovered events as it was received", async () => {
    const dir = tempDir();
    const json = '{"id":"t","status":"success","cost":1.50,"s":"\\u00e9"}';
    const { spool } = Spool.open(dir);
    spool.append(createLogEvent(JSON.parse(json) as { id: string }, "llm_api_success", json));
    await spool.sync();
    expect(Spool.open(dir).recovered.map(eventJson)).toEqual([json]);
  });
});
