/**
 * Installing only what is needed: the packages are packed as they would be published, and core,
 * exporters and the example third-party formatter alone are installed into an empty project
 * that then runs a pipeline; the CLI alone is installed from the tarballs and runs its demo. And no package declares (or imports) what it does not use.
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { builtinModules } from "node:module";
import { describe, expect, it } from "vitest";
import { useCleanup } from "./support/cleanup.js";
import { makeTempDir } from "./support/temp-files.js";

const run = promisify(execFile);
const cleanup = useCleanup();
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PNPM = ["-y", "pnpm@10"];

async function pack(dir: string, into: string): Promise<string> {
  const { stdout } = await run("npx", [...PNPM, "pack", "--pack-destination", into], { cwd: join(ROOT, dir) });
  const tarball = stdout.trim().split("\n").pop()!.trim();
  return tarball.startsWith("/") ? tarball : join(into, tarball);
}

describe("packaging", () => {
  it("core, exporters and a third-party formatter install alone into an empty project and run a pipeline", { timeout: 240_000 }, async () => {
    const dir = await makeTempDir("hookline-pack-");
    cleanup(() => dir.remove());
    const tarballs = join(dir.path, "tarballs");
    const project = join(dir.path, "project");
    await mkdir(tarballs);
    await mkdir(project);
    const packed = [];
    for (const pkg of ["packages/core", "packages/exporters", "examples/hookline-formatter-csv"]) packed.push(await pack(pkg, tarballs));
    await writeFile(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...packed], { cwd: project, timeout: 200_000 });

    await writeFile(
      join(project, "run.mjs"),
      `
import { createServer } from "node:http";
import { createPipeline } from "@hookline/core";
import { httpExporter } from "@hookline/exporters";
import csvFormatter from "@acme/hookline-formatter-csv";

const bodies = [];
const server = createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => { bodies.push(body); res.writeHead(200).end(); });
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const url = "http://127.0.0.1:" + server.address().port + "/in";
const pipeline = createPipeline({ callbacks: [{ name: "csv", formatter: csvFormatter.create({ fields: ["id", "model"] }), exporter: httpExporter({ url }) }] });
pipeline.log({ id: "one", model: "gpt-4o", status: "success" });
pipeline.failure({ id: "two", model: "claude" });
const report = await pipeline.shutdown();
server.close();
console.log(JSON.stringify({ bodies, sent: report.callbacks[0].sent }));
`,
    );
    const { stdout } = await run(process.execPath, ["run.mjs"], { cwd: project });
    expect(JSON.parse(stdout)).toEqual({ bodies: ["id,model\r\none,gpt-4o\r\ntwo,claude\r\n"], sent: 2 });

    const installed = readdirSync(join(project, "node_modules", "@hookline"));
    expect(installed.sort()).toEqual(["core", "exporters"]);
    // Config loading is @hookline/config's: a pipeline built in code brings neither zod nor yaml.
    for (const unwanted of ["hookline", "prom-client", "@hookline/formatters", "@hookline/presets", "@hookline/config", "zod", "yaml"]) {
      expect(existsSync(join(project, "node_modules", unwanted)), unwanted).toBe(false);
    }
  });

  it("every package's tarball holds its LICENSE, no build info, no source maps of sources it does not ship, and no workspace: ranges", { timeout: 240_000 }, async () => {
    const dir = await makeTempDir("hookline-tarballs-");
    cleanup(() => dir.remove());
    const packages = readdirSync(join(ROOT, "packages")).filter((name) => existsSync(join(ROOT, "packages", name, "package.json")));
    expect(packages.length).toBeGreaterThanOrEqual(6);
    for (const name of packages) {
      const tarball = await pack(`packages/${name}`, dir.path);
      const { stdout: listing } = await run("tar", ["tzf", tarball]);
      const files = listing.trim().split("\n");
      expect(files, name).toContain("package/LICENSE");
      expect(files, name).toContain("package/CHANGELOG.md");
      expect(files.filter((file) => file.endsWith(".tsbuildinfo") || file.endsWith(".map")), name).toEqual([]);
      const { stdout: manifest } = await run("tar", ["xzOf", tarball, "package/package.json"]);
      expect(manifest, name).not.toContain("workspace:");
      const fields = JSON.parse(manifest) as { repository?: { type: string; url: string; directory: string }; homepage?: string; keywords?: string[] };
      expect(fields.repository, name).toEqual({ type: "git", url: expect.stringMatching(/^git\+https:\/\/.+\.git$/), directory: `packages/${name}` });
      expect(fields.homepage, name).toMatch(/^https:\/\//);
      expect(fields.keywords?.length, name).toBeGreaterThan(0);
    }
  });

  it("the CLI installs alone from the packed tarballs into an empty folder and `hookline demo` runs there", { timeout: 300_000 }, async () => {
    const dir = await makeTempDir("hookline-cli-install-");
    cleanup(() => dir.remove());
    const tarballs = join(dir.path, "tarballs");
    const project = join(dir.path, "project");
    await mkdir(tarballs);
    await mkdir(project);
    const names = readdirSync(join(ROOT, "packages")).filter((name) => existsSync(join(ROOT, "packages", name, "package.json")));
    const packed = new Map<string, string>();
    for (const name of names) {
      const manifest = JSON.parse(readFileSync(join(ROOT, "packages", name, "package.json"), "utf8")) as { name: string };
      packed.set(manifest.name, await pack(`packages/${name}`, tarballs));
    }
    // Only `hookline` is asked for; its @hookline/* dependencies resolve to the tarballs, as they
    // would to the registry once published.
    const overrides = Object.fromEntries([...packed].filter(([name]) => name !== "hookline").map(([name, file]) => [name, `file:${file}`]));
    await writeFile(join(project, "package.json"), JSON.stringify({ name: "cli-user", private: true, dependencies: { hookline: `file:${packed.get("hookline")}` }, overrides }));
    await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: project, timeout: 240_000 });

    const bin = join(project, "node_modules", ".bin", "hookline");
    const { stdout: version } = await run(bin, ["--version"], { cwd: project });
    expect(version.trim()).toBe(`hookline ${(JSON.parse(readFileSync(join(ROOT, "packages/cli/package.json"), "utf8")) as { version: string }).version}`);
    const { stdout } = await run(bin, ["demo", "--count", "12"], { cwd: project, timeout: 60_000 });
    expect(stdout).toContain("replayed 12 event(s) in-process");
    expect(stdout).toContain("what the endpoint received:");
    expect(stdout).toMatch(/^demo_ndjson\s+\d+/m);
    // The installed CLI runs from the folder, not from this workspace.
    expect(readFileSync(join(project, "node_modules", "hookline", "package.json"), "utf8")).not.toContain("workspace:");
    expect(existsSync(join(project, "node_modules", "hookline", "src"))).toBe(true); // the inbox page's assets
  });

  it("every package declares exactly the packages its built code and types import", () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    // Not @hookline/ai-sdk: it declares `ai` as a peer, for the range it supports, while its code
    // imports only the middleware types of @ai-sdk/provider.
    const dirs = ["packages/core", "packages/config", "packages/formatters", "packages/processors", "packages/exporters", "packages/presets", "packages/cli", "packages/instrument", "packages/openai", "packages/anthropic", "examples/hookline-formatter-csv"];
    for (const dir of dirs) {
      const manifest = JSON.parse(readFileSync(join(ROOT, dir, "package.json"), "utf8")) as Record<string, Record<string, string> | undefined>;
      const declared = new Set([...Object.keys(manifest["dependencies"] ?? {}), ...Object.keys(manifest["peerDependencies"] ?? {})]);
      const imported = new Set<string>();
      for (const file of jsFiles(join(ROOT, dir, "dist"))) {
        for (const match of readFileSync(file, "utf8").matchAll(/(?:from\s+|import\s*\(\s*|import\s+)["']([^"'.][^"']*)["']/g)) {
          const spec = match[1]!;
          if (builtins.has(spec)) continue;
          imported.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!);
        }
      }
      imported.delete(String(manifest["name"])); // self references in examples (TSDoc) are not dependencies
      // A package may also provide what its own hookline dependencies take as peers (the CLI gives core its rxjs).
      for (const dependency of Object.keys(manifest["dependencies"] ?? {}).filter((name) => name.startsWith("@hookline/"))) {
        const peers = JSON.parse(readFileSync(join(ROOT, "packages", dependency.slice("@hookline/".length), "package.json"), "utf8")) as { peerDependencies?: Record<string, string> };
        for (const peer of Object.keys(peers.peerDependencies ?? {})) if (!imported.has(peer) && declared.has(peer) && !peer.startsWith("@hookline/")) declared.delete(peer);
      }
      expect([...imported].sort(), `${dir} imports`).toEqual([...declared].sort());
    }
  });
});

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    // .d.ts too: a package may need another only for its types (a peer dependency).
    .filter((entry) => entry.isFile() && (entry.name.endsWith(".js") || entry.name.endsWith(".d.ts")))
    .map((entry) => join(entry.parentPath, entry.name));
}
