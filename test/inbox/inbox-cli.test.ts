/**
 * `hookline inbox` through the spawned binary: bodies of every log_format hookline sends (through
 * a pipeline built from config YAML, as `hookline run` builds it), compressed or not, show up in
 * the JSON API and over server-sent events with their events' columns; secret headers are masked.
 */
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { pipelineFromYaml, shutdownQuickly } from "../support/config-pipeline.js";
import { spawnHookline } from "../support/hookline-process.js";
import { failure, success } from "../support/payloads.js";
import { waitFor } from "../support/wait-for.js";
import { inboxRequests, startInboxProcess } from "./inbox-support.js";

const cleanup = useCleanup();

async function inbox() {
  const proc = await startInboxProcess();
  cleanup(async () => {
    proc.kill("SIGINT");
    await proc.waitForExit();
  });
  return proc;
}

const FORMATS = ["json_array", "ndjson", "single", "otlp_json", "splunk_hec", "loki", "elasticsearch_bulk", "chat_webhook"] as const;

describe("hookline inbox", () => {
  it("prints its address, records every format and compression hookline sends, and stops on SIGINT", async () => {
    const proc = await startInboxProcess();
    const callbacks = FORMATS.flatMap((format) => [`${format}_plain`, `${format}_gzip`, `${format}_br`]);
    const yaml = `
litellm_settings:
  callbacks: [${callbacks.join(", ")}]
callback_settings:
${FORMATS.flatMap((format) =>
  ["none", "gzip", "br"].map(
    (compression) => `  ${format}_${compression === "none" ? "plain" : compression}:
    callback_type: generic_api
    endpoint: ${proc.url}${format}/${compression}
    log_format: ${format}
    compression: ${compression}
    headers: { Authorization: "Bearer sk-secret-${format}" }`,
  ),
).join("\n")}
`;
    const { pipeline } = await pipelineFromYaml(yaml);
    cleanup(() => shutdownQuickly(pipeline));
    pipeline.log(success("e1", { model: "gpt-4o", total_tokens: 30, call_type: "acompletion", startTime: 1_700_000_000, endTime: 1_700_000_001.25 }));
    pipeline.log(failure("e2", { model: "claude-3-5-sonnet" }));
    await pipeline.flush();

    const requests = await waitFor(async () => {
      const list = await inboxRequests(proc.url);
      return new Set(list.map((r) => r.path)).size === callbacks.length ? list : undefined;
    });
    for (const format of FORMATS) {
      for (const compression of ["none", "gzip", "br"]) {
        const mine = requests.filter((r) => r.path === `/${format}/${compression}`);
        const events = mine.flatMap((r) => r.events);
        expect(mine.every((r) => r.error === undefined), `${format}/${compression}: ${mine.map((r) => r.error).join()}`).toBe(true);
        expect(mine[0]!.contentEncoding, format).toBe(compression === "none" ? undefined : compression);
        expect(mine[0]!.headers.authorization).toBe("Bearer ••••••");
        expect(JSON.stringify(mine)).not.toContain("sk-secret");
        if (format === "chat_webhook") {
          // A chat message, not payloads: shown as one row whose payload is the message.
          expect(mine[0]!.format).toBe("chat_webhook");
          expect(JSON.stringify(events[0]!.payload)).toContain("gpt-4o");
          continue;
        }
        expect(mine[0]!.format, `${format}/${compression}`).toBe(format);
        // `single` sends one request per event, several in flight at once: they may arrive in either order.
        const rows = events.map((e) => [e.model, e.status]);
        expect(format === "single" ? rows.sort() : rows, `${format}/${compression}`).toEqual(
          format === "single"
            ? [["claude-3-5-sonnet", "failure"], ["gpt-4o", "success"]]
            : [["gpt-4o", "success"], ["claude-3-5-sonnet", "failure"]],
        );
        const success = events.find((e) => e.model === "gpt-4o")!;
        expect(success.tokens, format).toBe(30);
        expect(success.cost, format).toBe(0.001);
        expect(success.callType, format).toBe("acompletion");
      }
    }
    const json = requests.find((r) => r.path === "/json_array/none")!;
    expect(json.events[0]!.latencyMs).toBe(1250);
    expect(json.events[0]!.time).toBe("2023-11-14T22:13:20.000Z");
    expect(json.events[0]!.payload).toMatchObject({ id: "e1", model: "gpt-4o" });

    proc.kill("SIGINT");
    const exit = await proc.waitForExit();
    expect(exit.code).toBe(0);
    expect(exit.stdout).toMatch(/hookline inbox: stopped \(SIGINT\), \d+ request\(s\) received/);
  });

  it("streams each request over server-sent events as it arrives, and keeps unreadable bodies with a reason", async () => {
    const proc = await inbox();
    const controller = new AbortController();
    cleanup(() => controller.abort());
    const stream = await fetch(`${proc.url}_inbox/events`, { signal: controller.signal });
    expect(stream.headers.get("content-type")).toBe("text/event-stream");
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";

    const body = gzipSync(JSON.stringify([success("s1", { model: "gpt-4o-mini" })]));
    const answer = await fetch(`${proc.url}any/path?x=1`, { method: "PUT", headers: { "content-encoding": "gzip", "x-api-key": "key-123", cookie: "session=abc" }, body });
    expect(answer.status).toBe(200);
    await waitFor(async () => {
      const { value } = await reader.read();
      text += value ?? "";
      return text.includes("event: request\ndata: ") && text.endsWith("\n\n") ? true : undefined;
    });
    const data = JSON.parse(/data: (.*)\n\n$/.exec(text)![1]!) as { method: string; path: string; size: number; headers: Record<string, string>; events: { model: string }[] };
    expect(data.method).toBe("PUT");
    expect(data.path).toBe("/any/path?x=1");
    expect(data.size).toBe(body.length);
    expect(data.headers["x-api-key"]).toBe("••••••");
    expect(data.headers.cookie).toBe("••••••");
    expect(data.events.map((e) => e.model)).toEqual(["gpt-4o-mini"]);

    await fetch(`${proc.url}bad`, { method: "POST", headers: { "content-encoding": "gzip" }, body: "not gzip" });
    const bad = (await inboxRequests(proc.url)).find((r) => r.path === "/bad")!;
    expect(bad.error).toMatch(/header|check|incorrect/i);
    expect(bad.format).toBe("unreadable");
  });

  it("shows the columns of the body a LiteLLM 1.81 proxy posts (response_time in seconds)", async () => {
    const proc = await inbox();
    const body = readFileSync(new URL("../fixtures/litellm-1.81.0/litellm-1.81.0-post-json_array.body", import.meta.url));
    const payloads = JSON.parse(body.toString("utf8")) as { model: string; status: string; response_time: number }[];
    expect((await fetch(`${proc.url}litellm`, { method: "POST", headers: { "content-type": "application/json" }, body })).status).toBe(200);
    const [request] = await inboxRequests(proc.url);
    expect(request!.format).toBe("json_array");
    expect(request!.events.map((e) => [e.model, e.status, e.latencyMs])).toEqual(payloads.map((p) => [p.model, p.status, Math.round(p.response_time * 1000)]));
  });

  it("rejects a bad --port with a usage error", async () => {
    const exit = await spawnHookline(["inbox", "--port", "abc"]).waitForExit();
    expect(exit.code).toBe(2);
    expect(exit.stderr).toContain('--port: expected a port number 0-65535, got "abc"');
  });
});
