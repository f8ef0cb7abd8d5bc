import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { GENERATED_BANNER } from "@hookline/presets";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../main.js";
import { checkPresetDocs } from "./docs-command.js";

/** An Output that records what a command prints. */
function recordOutput() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out: (line: string) => void out.push(line),
    err: (line: string) => void err.push(line),
    stdout: () => out.join("\n"),
    stderr: () => err.join("\n"),
  };
}

const REPO_DOCS = fileURLToPath(new URL("../../../../docs/presets", import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hookline-docs-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the committed preset docs", () => {
  it("docs/presets matches the catalog (run `hookline docs --out docs/presets` after changing a preset)", async () => {
    expect(await checkPresetDocs(REPO_DOCS)).toEqual([]);
  });
});

describe("hookline docs", () => {
  it("writes the pages, then --check passes", async () => {
    const output = recordOutput();
    expect(await main(["docs", "--out", dir], { output })).toBe(0);
    expect(output.stdout()).toBe(`${dir}: 20 files, 20 written, 0 unchanged`);
    expect((await readFile(join(dir, "index.md"), "utf8")).startsWith(GENERATED_BANNER)).toBe(true);
    const check = recordOutput();
    expect(await main(["docs", "--out", dir, "--check"], { output: check })).toBe(0);
    expect(check.stdout()).toContain("up to date");
  });

  it("--check exits 1 listing stale, missing and extra files, and writes nothing", async () => {
    await main(["docs", "--out", dir], { output: recordOutput() });
    await writeFile(join(dir, "axiom.md"), "edited by hand\n");
    await rm(join(dir, "slack.md"));
    await writeFile(join(dir, "gone.md"), `${GENERATED_BANNER}\n\n# A preset that no longer exists\n`);
    const output = recordOutput();
    expect(await main(["docs", "--out", dir, "--check"], { output })).toBe(1);
    expect(output.stderr().split("\n")).toEqual([
      `stale: ${join(dir, "axiom.md")}`,
      `missing: ${join(dir, "slack.md")}`,
      `extra: ${join(dir, "gone.md")}`,
      `${dir} is out of date; run \`hookline docs --out ${dir}\``,
    ]);
    expect(await readFile(join(dir, "axiom.md"), "utf8")).toBe("edited by hand\n");
  });

  it("rewrites what changed and removes generated pages of removed presets, but not other Markdown", async () => {
    await main(["docs", "--out", dir], { output: recordOutput() });
    await writeFile(join(dir, "axiom.md"), "edited by hand\n");
    await writeFile(join(dir, "gone.md"), `${GENERATED_BANNER}\n`);
    await writeFile(join(dir, "NOTES.md"), "mine\n");
    const output = recordOutput();
    expect(await main(["docs", "--out", dir], { output })).toBe(0);
    expect(output.stdout()).toBe(`${dir}: 20 files, 1 written, 19 unchanged, 1 removed`);
    expect(await readFile(join(dir, "NOTES.md"), "utf8")).toBe("mine\n");
    await rm(join(dir, "NOTES.md"));
    expect(await main(["docs", "--out", dir, "--check"], { output: recordOutput() })).toBe(0);
  });

  it("needs --out", async () => {
    const output = recordOutput();
    expect(await main(["docs"], { output })).toBe(2);
    expect(output.stderr()).toContain("hookline: docs needs --out DIR");
  });
});
