/**
 * The limit relay as a real process (the compiled bench/dist/limit-relay-server.js, as the relay
 * driver runs it; `npx -y pnpm@10 build` first): it forwards each body byte for byte to every
 * destination, retries a refused one, drains on SIGTERM and exits 0, also with the bench monitor
 * preloaded and its SIGUSR2.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const dist = (file: string): string => fileURLToPath(new URL(`../dist/${file}`, import.meta.url));
const cleanups: (() => unknown)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Races `promise` against a timeout, so a missing signal fails the test instead of hanging it. */
async function within<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A destination endpoint on 127.0.0.1 that keeps every body per path; the first request to `refuseFirstOn` gets a 503. */
async function startEndpoint(refuseFirstOn?: string): Promise<{ url: string; bodies: Map<string, Buffer[]> }> {
  const bodies = new Map<string, Buffer[]>();
  let refused = false;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const path = req.url ?? "/";
      if (path === refuseFirstOn && !refused) {
        refused = true;
        res.writeHead(503).end();
        return;
      }
      bodies.set(path, [...(bodies.get(path) ?? []), Buffer.concat(chunks)]);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(
    () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies };
}

interface Relay {
  readonly child: ChildProcess;
  /** The POST url, once it printed its listening line. */
  readonly logsUrl: Promise<string>;
  /** Its exit code (null when killed by a signal). */
  readonly exitCode: Promise<number | null>;
}

function startRelay(nodeArgs: readonly string[], urls: readonly string[], env: NodeJS.ProcessEnv = {}): Relay {
  const script = dist("limit-relay-server.js");
  if (!existsSync(script)) throw new Error(`${script} is missing: build first (npx -y pnpm@10 build)`);
  const child = spawn(process.execPath, [...nodeArgs, script, "--concurrency", "2", ...urls], { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, ...env } });
  cleanups.push(() => child.exitCode === null && child.signalCode === null && child.kill("SIGKILL"));
  const exitCode = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const logsUrl = new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const match = /hookline listening on (http:\/\/\S+\/v1\/callbacks\/logs)/.exec(out);
      if (match) resolve(match[1]!);
    });
    void exitCode.then((code) => reject(new Error(`the limit relay exited with ${code} before listening: ${out}`)));
  });
  return { child, logsUrl: within(logsUrl, 10_000, "the listening line"), exitCode };
}

async function post(url: string, body: string): Promise<number> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
  await response.arrayBuffer();
  return response.status;
}

describe("limit relay server", () => {
  it("forwards each body unchanged to every destination, retries a refused one, and drains on SIGTERM", async () => {
    const endpoint = await startEndpoint("/json/t-b");
    const paths = ["/json/t-a", "/json/t-b", "/json/t-c"];
    const relay = startRelay([], paths.map((path) => `${endpoint.url}${path}`));
    const logsUrl = await relay.logsUrl;
    // Spacing and non-ASCII text that any re-serialization or re-encoding would change.
    const bodies = ['[{"id":"e1","model":"gpt-4o"},{"id":"e2","model":"gpt-4o"}]', '[ {"id": "e3", "text": "h\u00e9llo \u2713"} ]'];
    for (const body of bodies) expect(await post(logsUrl, body)).toBe(200);

    // "/json/t-b" will still be waiting for its retry (250 ms): SIGTERM must deliver it before exiting.
    relay.child.kill("SIGTERM");
    expect(await within(relay.exitCode, 10_000, "the limit relay to exit after SIGTERM")).toBe(0);

    const hex = (list: readonly Buffer[]) => list.map((b) => b.toString("hex")).sort();
    for (const path of paths) expect(hex(endpoint.bodies.get(path) ?? []), path).toEqual(hex(bodies.map((b) => Buffer.from(b, "utf8"))));
  });

  it("runs under the bench monitor: SIGUSR2 starts measuring, SIGTERM exits 0 with a report", async () => {
    const endpoint = await startEndpoint();
    const dir = mkdtempSync(join(tmpdir(), "limit-relay-test-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const monitorFile = join(dir, "monitor.json");
    const relay = startRelay(["--import", pathToFileURL(dist("child-monitor.js")).href], [`${endpoint.url}/json/t-a`], { BENCH_MONITOR_FILE: monitorFile });
    const logsUrl = await relay.logsUrl;

    relay.child.kill("SIGUSR2");
    expect(await post(logsUrl, '[{"id":"e1"}]')).toBe(200);
    relay.child.kill("SIGTERM");
    expect(await within(relay.exitCode, 10_000, "the limit relay to exit after SIGTERM")).toBe(0);

    const report = JSON.parse(readFileSync(monitorFile, "utf8")) as { exitCode: number; resetAt: number; cpuUs: number };
    expect(report.exitCode).toBe(0);
    expect(report.resetAt).toBeGreaterThan(0);
    expect(report.cpuUs).toBeGreaterThan(0);
    expect(endpoint.bodies.get("/json/t-a")?.map(String)).toEqual(['[{"id":"e1"}]']);
  });
});
