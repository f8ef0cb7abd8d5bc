/**
 * The processor relay as a real process (the compiled bench/dist/processor-relay-server.js, as
 * the relay driver runs it; `npx -y pnpm@10 build` first): without a processor it forwards each
 * event's bytes as they came, with `redact` every callback gets the redacted event, and on
 * SIGTERM it drains and exits 0.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const script = fileURLToPath(new URL("../dist/processor-relay-server.js", import.meta.url));
const cleanups: (() => unknown)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function within<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** An endpoint on 127.0.0.1 that keeps every body per path. */
async function startEndpoint(): Promise<{ url: string; bodies: Map<string, string[]> }> {
  const bodies = new Map<string, string[]>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      bodies.set(req.url ?? "/", [...(bodies.get(req.url ?? "/") ?? []), Buffer.concat(chunks).toString("utf8")]);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies };
}

/** Starts the relay, posts `body`, sends SIGTERM; resolves with its exit code. */
async function relayOnce(processor: string, urls: readonly string[], body: string): Promise<{ status: number; exitCode: number | null }> {
  if (!existsSync(script)) throw new Error(`${script} is missing: build first (npx -y pnpm@10 build)`);
  const child = spawn(process.execPath, [script, "--processor", processor, "--batch-size", "100", "--concurrency", "2", ...urls], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString("utf8")).slice(-2000)));
  cleanups.push(() => child.exitCode === null && child.signalCode === null && child.kill("SIGKILL"));
  const exitCode = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const logsUrl = new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const match = /hookline listening on (http:\/\/\S+\/v1\/callbacks\/logs)/.exec(out);
      if (match) resolve(match[1]!);
    });
    void exitCode.then((code) => reject(new Error(`the processor relay exited with ${code} before listening: ${out}${stderr}`)));
  });
  const response = await fetch(await within(logsUrl, 15_000, "the listening line"), { method: "POST", headers: { "content-type": "application/json" }, body });
  await response.arrayBuffer();
  child.kill("SIGTERM");
  return { status: response.status, exitCode: await within(exitCode, 15_000, "the relay to exit after SIGTERM") };
}

const event = (id: string) => `{"id": "${id}", "status":"success", "messages":[{"role":"user","content":"secret prompt"}], "response":{"choices":[{"message":{"role":"assistant","content":"secret answer"}}]}}`;

describe("processor relay server", () => {
  it("without a processor forwards each event's bytes as they came to every callback", async () => {
    const endpoint = await startEndpoint();
    const paths = ["/ndjson/p-a", "/ndjson/p-b"];
    const result = await relayOnce("none", paths.map((path) => `${endpoint.url}${path}`), `[${event("e1")},${event("e2")}]`);
    expect(result).toEqual({ status: 200, exitCode: 0 });
    for (const path of paths) expect(endpoint.bodies.get(path), path).toEqual([`${event("e1")}\n${event("e2")}\n`]);
  });

  it("with redact sends every callback the redacted events", async () => {
    const endpoint = await startEndpoint();
    const paths = ["/ndjson/r-a", "/ndjson/r-b"];
    const result = await relayOnce("redact", paths.map((path) => `${endpoint.url}${path}`), `[${event("e1")}]`);
    expect(result).toEqual({ status: 200, exitCode: 0 });
    for (const path of paths) {
      const lines = (endpoint.bodies.get(path) ?? []).join("").trim().split("\n");
      expect(lines, path).toHaveLength(1);
      const sent = JSON.parse(lines[0]!) as { id: string; messages: unknown; response: { choices: { message: { content: string } }[] } };
      expect(sent.id).toBe("e1");
      expect(sent.messages).toEqual([{ role: "user", content: "redacted-by-litellm" }]);
      expect(sent.response.choices[0]!.message.content).toBe("redacted-by-litellm");
    }
  });

  it("refuses an unknown processor", async () => {
    await expect(relayOnce("nope", [], "[]")).rejects.toThrow(/exited with 1 before listening: .*--processor: expected none, redact or mask, got nope/s);
  });
});
