import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { builtinPresets, compareGeneratedFiles, GENERATED_BANNER, generatePresetDocs, type GeneratedFile } from "@hookline/presets";
import type { Output } from "../console-output.js";
import { UsageError } from "../usage-error.js";

/** The Markdown files directly in `dir` (path to content); empty when `dir` does not exist. */
async function readMarkdownFiles(dir: string): Promise<Map<string, string>> {
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isFile() && entry.name.endsWith(".md")).map((entry) => entry.name);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return new Map();
    throw err;
  }
  return new Map(await Promise.all(names.sort().map(async (name): Promise<[string, string]> => [name, await readFile(join(dir, name), "utf8")])));
}

/** Checks `dir` against the generated pages; returns the lines to print when it differs. */
export async function checkPresetDocs(dir: string, expected: readonly GeneratedFile[] = generatePresetDocs(builtinPresets())): Promise<string[]> {
  const diff = compareGeneratedFiles(expected, await readMarkdownFiles(dir));
  return [
    ...diff.stale.map((path) => `stale: ${join(dir, path)}`),
    ...diff.missing.map((path) => `missing: ${join(dir, path)}`),
    ...diff.extra.map((path) => `extra: ${join(dir, path)}`),
  ];
}

/**
 * `hookline docs --out DIR [--check]`: writes one Markdown page per preset (those with
 * `docs.show_in_docs` not false) and `index.md` to DIR, and removes generated pages of presets that
 * no longer exist. With `--check`, writes nothing and exits 1 listing stale, missing and extra
 * files when DIR differs from what would be generated.
 */
export async function docsCommand(values: { readonly out?: string | undefined; readonly check?: boolean | undefined }, context: { readonly output: Output }): Promise<number> {
  if (!values.out) throw new UsageError("docs needs --out DIR");
  const dir = values.out;
  const { output } = context;
  const files = generatePresetDocs(builtinPresets());
  if (values.check) {
    const problems = await checkPresetDocs(dir, files);
    if (problems.length === 0) {
      output.out(`${dir}: up to date (${files.length} files)`);
      return 0;
    }
    for (const line of problems) output.err(line);
    output.err(`${dir} is out of date; run \`hookline docs --out ${dir}\``);
    return 1;
  }
  await mkdir(dir, { recursive: true });
  const existing = await readMarkdownFiles(dir);
  const diff = compareGeneratedFiles(files, existing);
  for (const file of files) {
    if (existing.get(file.path) !== file.content) await writeFile(join(dir, file.path), file.content);
  }
  // Only pages this command wrote are removed; other Markdown files in DIR are left alone.
  const removed = diff.extra.filter((path) => existing.get(path)?.startsWith(GENERATED_BANNER));
  for (const path of removed) await rm(join(dir, path));
  const written = diff.stale.length + diff.missing.length;
  output.out(`${dir}: ${files.length} files, ${written} written, ${files.length - written} unchanged${removed.length ? `, ${removed.length} removed` : ""}`);
  return 0;
}
