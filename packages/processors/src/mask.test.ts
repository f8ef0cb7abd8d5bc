import { createRegistry, type Processor, type StandardLoggingPayload } from "@hookline/core";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { allLitellmEvents, deepFreeze, litellmEvents } from "./litellm-events.test-support.js";
import { luhnValid } from "./luhn.js";
import { maskProcessor } from "./mask.js";
import { DETECTORS, DETECTOR_NAMES } from "./mask-detectors.js";

const create = (options: Record<string, unknown> = {}): Promise<Processor> => createRegistry([maskProcessor]).processor("mask", options, { callbackName: "api" }, "p");
type Json = Record<string, any>;
const run = (processor: Processor, payload: StandardLoggingPayload): Json => processor.process(deepFreeze(payload), { eventType: "llm_api_success" }) as Json;
/** The chat fixture with `text` as its user message. */
const chatSaying = (text: string): Json => ({ ...litellmEvents().chat, messages: [{ role: "user", content: text }] });
const maskText = async (text: string, options: Record<string, unknown> = {}) => run(await create(options), chatSaying(text)).messages[0].content as string;

const JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";

describe("mask on real LiteLLM payloads", () => {
  it("masks each kind in a message and in the response, counts them in metadata, and keeps everything else by reference", async () => {
    const input = chatSaying(
      `mail ann@example.com and bob.smith+tag@mail.example.co.uk; key sk-proj-AbC123dEf456GhI789jKl0 ${JWT} ` +
        "Authorization: Bearer abc123DEF456ghi789 card 4111 1111 1111 1111 call +44 20 7946 0958 or (415) 555-2671",
    );
    input["response"] = { ...input["response"], choices: [{ index: 0, message: { role: "assistant", content: "sure, ann@example.com" } }] };
    const out = run(await create(), input as StandardLoggingPayload);
    expect(out.messages).toEqual([
      {
        role: "user",
        content:
          "mail [MASKED_EMAIL] and [MASKED_EMAIL]; key [MASKED_API_KEY] [MASKED_JWT] Authorization: Bearer [MASKED_BEARER_TOKEN] card [MASKED_CARD] call [MASKED_PHONE] or [MASKED_PHONE]",
      },
    ]);
    expect(out.response.choices[0].message.content).toBe("sure, [MASKED_EMAIL]");
    expect(out.metadata.hookline_masked_entity_count).toEqual({ email: 3, api_key: 1, jwt: 1, bearer_token: 1, card: 1, phone: 2 });
    expect(Object.keys(out.metadata)).toEqual([...Object.keys(input["metadata"]), "hookline_masked_entity_count"]);
    for (const key of Object.keys(input)) if (!["messages", "response", "metadata"].includes(key)) expect(out[key], key).toBe(input[key]);
    expect(out.response.usage).toBe(input["response"].usage);
  });

  it("finds nothing in any of the real payloads, whichever field it reads: they come back as the same objects", async () => {
    const everywhere = await create({ fields: ["messages", "response", "metadata", "hidden_params", "error_str", "error_information", "model_parameters", "id", "trace_id", "api_base"] });
    for (const payload of allLitellmEvents()) expect(run(everywhere, payload)).toBe(payload);
  });
});

describe("mask detectors", () => {
  it("are one alternative each in the combined regex: no detector has a capturing group of its own", () => {
    // The combined pass tells which detector matched by the index of the group that is set.
    for (const detector of DETECTORS) expect(new RegExp(`${detector.source}|`).exec("")!.length, detector.name).toBe(1);
    expect(DETECTORS.map((d) => d.name).sort()).toEqual([...DETECTOR_NAMES].sort());
  });

  it("api keys: OpenAI, Anthropic, AWS, GitHub, Slack, Google", async () => {
    for (const key of [
      "sk-AbCdEf0123456789GhIjKl",
      "sk-proj-Ab12Cd34Ef56Gh78Ij90Kl12",
      "sk-ant-api03-Ab12Cd34Ef56Gh78Ij90",
      "AKIAIOSFODNN7EXAMPLE",
      "ghp_1234567890abcdefghijABCDEFGHIJ123456",
      "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstu",
      "xoxb-123456789012-abcdefABCDEF",
      "AIzaSyA1234567890abcdefghijklmnopqrstuv",
    ]) {
      expect(await maskText(`use ${key} now`), key).toBe("use [MASKED_API_KEY] now");
    }
  });

  it("a card number is masked only when it passes the Luhn check", async () => {
    expect(luhnValid("4111111111111111")).toBe(true);
    expect(luhnValid("4111111111111112")).toBe(false);
    expect(await maskText("pay with 4111-1111-1111-1111.")).toBe("pay with [MASKED_CARD].");
    expect(await maskText("amex 378282246310005 ok")).toBe("amex [MASKED_CARD] ok");
    expect(await maskText("pay with 4111 1111 1111 1112")).toBe("pay with 4111 1111 1111 1112");
    // Luhn-valid, but no card network starts with 1, 7, 8, 9 or 0 (a millisecond timestamp, ids).
    expect(luhnValid("1767225600124")).toBe(true);
    expect(await maskText("at 1767225600124 id 7100000000000004 or 9000000000000001")).toBe("at 1767225600124 id 7100000000000004 or 9000000000000001");
  });

  it("phone numbers in international and US shapes", async () => {
    for (const phone of ["+1 415 555 2671", "+14155552671", "+44 (0)20 7946 0958", "+33 1 23 45 67 89", "(415) 555-2671", "415-555-2671", "415.555.2671", "1-800-555-0199"]) {
      expect(await maskText(`ring ${phone} today`), phone).toBe("ring [MASKED_PHONE] today");
    }
  });

  it("leaves ordinary numbers, timestamps, ids, versions and prose alone", async () => {
    const text = [
      "order 12345678 at 1767225600 (1767225600123 ms) on 2026-12-02 07:33:57.615033",
      "id 550e8400-e29b-41d4-a716-446655440000 chatcmpl-a39a0508-6c20-4948-8ec2-34c3f8b3f66d",
      "version 1.81.0, ip 192.168.100.200, price $1234.56, 3.14159265358979, 1,234,567 tokens",
      "Bearer authentication, task-force-report-2024, sk-learn-tutorial-basics, 2 + 3 = 5, +5",
      "x@y, user@localhost, a tracebacks line 1790, 0x1F4E, call 555-1234, 12-345-6789, id 4155552671, +123 4567",
      // Longer than the shapes they resemble: not a card in groups, not an AWS key id, not a domain ending.
      "4111 1111 1111 1111 2222, AKIAIOSFODNN7EXAMPLEXYZ, ann@example.com3x",
    ].join("\n");
    const input = chatSaying(text);
    const processor = await create();
    expect(run(processor, input as StandardLoggingPayload)).toBe(input);
  });

  it("a bearer token is masked as one, even when it is a JWT; the word Bearer is kept", async () => {
    expect(await maskText(`Authorization: bearer ${JWT}`)).toBe("Authorization: bearer [MASKED_BEARER_TOKEN]");
    expect(await maskText(`token ${JWT}`)).toBe("token [MASKED_JWT]");
  });

  it("runs only the detectors asked for", async () => {
    const text = "ann@example.com sk-AbCdEf0123456789GhIjKl +14155552671";
    expect(await maskText(text, { detectors: ["email"] })).toBe("[MASKED_EMAIL] sk-AbCdEf0123456789GhIjKl +14155552671");
    expect(await maskText(text, { detectors: ["phone", "api_key"] })).toBe("ann@example.com [MASKED_API_KEY] [MASKED_PHONE]");
    expect(await maskText(text, { detectors: [] })).toBe(text);
    await expect(create({ detectors: ["emails"] })).rejects.toThrow(/p\.detectors\.0: must be equal to one of the allowed values; expected one of email, api_key, bearer_token, jwt, card, phone/);
  });

  it("scans long strings without catastrophic backtracking (in a worker on the built code, so a regression fails rather than hangs)", async () => {
    const worker = new Worker(
      `const { parentPort } = require("node:worker_threads");
       import(${JSON.stringify(new URL("../dist/mask.js", import.meta.url).href)}).then(({ maskProcessor }) => {
         const options = { detectors: ["email", "api_key", "bearer_token", "jwt", "card", "phone"], patterns: [], replacement: "[M]", fields: ["messages"] };
         const processor = maskProcessor.create(options, { callbackName: "t" });
         const same = ["a", "1", "a.", "1 ", "+1", "sk-", "eyJ", "Bearer ", "1-"].map((filler) => {
           const payload = { messages: [{ content: filler.repeat(100000) }] };
           return processor.process(payload, { eventType: "llm_api_success" }) === payload;
         });
         parentPort.postMessage(same);
       });`,
      { eval: true },
    );
    try {
      const result = await new Promise<unknown>((resolve, reject) => {
        const guard = setTimeout(() => reject(new Error("masking long strings did not finish within 15 s: a pattern backtracks")), 15_000);
        worker.once("message", (value) => (clearTimeout(guard), resolve(value)));
        worker.once("error", (error) => (clearTimeout(guard), reject(error)));
      });
      expect(result).toEqual(new Array(9).fill(true));
    } finally {
      await worker.terminate();
    }
  });
});

describe("mask options", () => {
  it("user patterns, with flags and their own names in the replacement and the counts", async () => {
    const processor = await create({ patterns: [{ name: "employee_id", regex: "\\bEMP-\\d{5}\\b", flags: "i" }, { name: "empty", regex: "x*" }] });
    const out = run(processor, chatSaying("ids EMP-12345 and emp-67890, mail ann@example.com") as StandardLoggingPayload);
    expect(out.messages[0].content).toBe("ids [MASKED_EMPLOYEE_ID] and [MASKED_EMPLOYEE_ID], mail [MASKED_EMAIL]");
    expect(out.metadata.hookline_masked_entity_count).toEqual({ email: 1, employee_id: 2 });
  });

  it("a bad user regex or flags is an options error naming it", async () => {
    await expect(create({ patterns: [{ name: "ok", regex: "a" }, { name: "bad", regex: "(" }] })).rejects.toThrow(/invalid options for processor "mask":\npatterns\[1\]\.regex: not a valid regular expression: .*Unterminated group/);
    await expect(create({ patterns: [{ name: "f", regex: "a", flags: "uv" }] })).rejects.toThrow(/patterns\[0\]\.flags: "uv" are not valid regex flags/);
    await expect(create({ patterns: [{ name: "f", regex: "a", flags: "g" }] })).rejects.toThrow(/p\.patterns\.0\.flags: must match pattern/);
    await expect(create({ patterns: [{ name: "Bad Name", regex: "a" }] })).rejects.toThrow(/p\.patterns\.0\.name: must match pattern/);
  });

  it("the replacement template: {NAME} upper case, {name} as it is", async () => {
    expect(await maskText("ann@example.com", { replacement: "<{name}:{NAME}>" })).toBe("<email:EMAIL>");
    expect(await maskText("ann@example.com", { replacement: "***" })).toBe("***");
  });

  it("fields: other paths can be masked too (dotted, through arrays); the default leaves error_str alone", async () => {
    const input = { ...litellmEvents().rate_limit, error_str: "no quota for ann@example.com" } as Json;
    expect(run(await create(), input as StandardLoggingPayload)).toBe(input);
    const out = run(await create({ fields: ["error_str", "messages.content"] }), input as StandardLoggingPayload);
    expect(out.error_str).toBe("no quota for [MASKED_EMAIL]");
    expect(out.metadata.hookline_masked_entity_count).toEqual({ email: 1 });
  });

  it("counts add up over mask steps; a missing or null metadata is created; a non-object one is left alone", async () => {
    const processor = await create();
    const once = run(processor, { messages: [{ content: "ann@example.com" }], metadata: null as never });
    expect(once.metadata).toEqual({ hookline_masked_entity_count: { email: 1 } });
    const twice = run(await create({ patterns: [{ name: "email", regex: "MASKED_EMAIL" }] }), once as StandardLoggingPayload);
    expect(twice.metadata.hookline_masked_entity_count).toEqual({ email: 2 });
    expect(run(processor, { messages: ["ann@example.com"] }).metadata).toEqual({ hookline_masked_entity_count: { email: 1 } });
    const odd = run(processor, { messages: ["ann@example.com"], metadata: "text" as never });
    expect(odd).toEqual({ messages: ["[MASKED_EMAIL]"], metadata: "text" });
  });
});
