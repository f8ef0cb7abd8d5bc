/** Self-time summary of a V8 .cpuprofile: top functions and time per package. */
import { readFileSync } from "node:fs";

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
  readonly columnNumber: number;
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly hitCount?: number;
  readonly children?: readonly number[];
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

export interface ProfileLine {
  readonly name: string;
  readonly where: string;
  readonly selfMs: number;
  readonly percent: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  readonly top: readonly ProfileLine[];
  readonly byPackage: readonly ProfileLine[];
}

/** Where a script lives, shortened: `pkg@version/file:line`, `@hookline/core/...`, `node:...`. */
function shortUrl(url: string): string {
  if (url === "") return "";
  const path = url.replace(/^file:\/\//, "");
  const pnpm = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(path);
  if (pnpm) return `${pnpm[1]}/${pnpm[2]}`;
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(path);
  if (nm) return `${nm[1]}/${nm[2]}`;
  const ws = /\/(packages|bench)\/([^/]+)\/(.*)$/.exec(path);
  if (ws) return ws[1] === "bench" ? `bench/${ws[2]}/${ws[3]}` : `packages/${ws[2]}/${ws[3]}`;
  return path;
}

function packageOf(url: string, name: string): string {
  if (url === "") return name.startsWith("(") ? name : "(native/V8)";
  const short = shortUrl(url);
  if (short.startsWith("node:")) return "node core";
  if (short.startsWith("packages/")) return `hookline ${short.split("/")[1]}`;
  if (short.startsWith("bench/")) return "bench harness";
  const match = /^((?:@[^/]+\/)?[^/]+)\//.exec(short);
  return match ? match[1]! : short;
}

export function summarizeProfile(file: string, topN = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  if (profile.samples && profile.timeDeltas) {
    for (let i = 0; i < profile.samples.length; i++) {
      const id = profile.samples[i]!;
      // timeDeltas[i] is the time before sample i; attribute the next delta to this sample.
      const dt = profile.timeDeltas[i + 1] ?? 0;
      selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, dt));
    }
  }
  const functions = new Map<string, { name: string; where: string; us: number }>();
  const packages = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = functionName === "" ? "(anonymous)" : functionName;
    total += us;
    if (name === "(idle)") continue;
    const where = url === "" ? "" : `${shortUrl(url)}:${lineNumber + 1}`;
    const key = `${name}|${where}`;
    const entry = functions.get(key) ?? { name, where, us: 0 };
    entry.us += us;
    functions.set(key, entry);
    const pkg = packageOf(url, name);
    packages.set(pkg, (packages.get(pkg) ?? 0) + us);
  }
  const idle = [...selfUs].filter(([id]) => byId.get(id)?.callFrame.functionName === "(idle)").reduce((a, [, us]) => a + us, 0);
  const busy = total - idle;
  const line = (name: string, where: string, us: number): ProfileLine => ({ name, where, selfMs: us / 1000, percent: busy > 0 ? (100 * us) / busy : 0 });
  return {
    totalMs: busy / 1000,
    top: [...functions.values()].sort((a, b) => b.us - a.us).slice(0, topN).map((f) => line(f.name, f.where, f.us)),
    byPackage: [...packages].sort((a, b) => b[1] - a[1]).map(([pkg, us]) => line(pkg, "", us)),
  };
}

export function renderProfile(title: string, summary: ProfileSummary): string {
  const out = [`### ${title}`, "", `Busy (non-idle) sampled time: ${summary.totalMs.toFixed(0)} ms`, "", "| self ms | % busy | function | where |", "| ---: | ---: | --- | --- |"];
  for (const f of summary.top) out.push(`| ${f.selfMs.toFixed(1)} | ${f.percent.toFixed(1)} | \`${f.name}\` | ${f.where} |`);
  out.push("", "| self ms | % busy | package |", "| ---: | ---: | --- |");
  for (const p of summary.byPackage.slice(0, 12)) out.push(`| ${p.selfMs.toFixed(1)} | ${p.percent.toFixed(1)} | ${p.name} |`);
  out.push("");
  return out.join("\n");
}
