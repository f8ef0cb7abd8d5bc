import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const main = fileURLToPath(new URL("../dist/main.js", import.meta.url));

function run(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("examples/ai-sdk-chat", () => {
  it("streams the chat and ships one LiteLLM payload per turn to the endpoint", async () => {
    const { code, stdout, stderr } = await run();
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("assistant: Answer 1: you sent 1 message(s).");
    expect(stdout).toContain("assistant: Answer 2: you sent 3 message(s).");
    const events = stdout
      .split("\n")
      .filter((line) => line.startsWith("endpoint received: "))
      .map((line) => JSON.parse(line.slice("endpoint received: ".length)) as Record<string, unknown>);
    expect(events.map((e) => [e["id"], e["status"], e["stream"], e["prompt_tokens"], e["end_user"], e["trace_id"]])).toEqual([
      ["chatcmpl-example-1", "success", true, 12, "example-user", "example-session"],
      ["chatcmpl-example-2", "success", true, 24, "example-user", "example-session"],
    ]);
    for (const event of events) expect(event["response_cost"]).toBeGreaterThan(0);
  });
});
