import { createRegistry } from "@hookline/core";
import { describe, expect, it } from "vitest";
import { fnv1a32, stableHash } from "./stable-hash.js";
import { allLitellmEvents, litellmEvents } from "./litellm-events.test-support.js";
import { sampleKeeps, sampleKey, sampleProcessor } from "./sample.js";

const create = (rate: number) => createRegistry([sampleProcessor]).processor("sample", { rate }, { callbackName: "api" }, "p");
const SUCCESS = { eventType: "llm_api_success" } as const;
const HASH_OF_CHAT_ID = 0.9792110465932637;
const HASH_OF_EMPTY = 0.6689221884589642;

describe("stableHash", () => {
  it("starts from FNV-1a (32 bits) of the UTF-8 bytes", () => {
    // Published FNV-1a test vectors.
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
    // Non-ASCII text hashes its UTF-8 encoding (2, 3 and 4 byte sequences, and a lone surrogate as U+FFFD).
    const viaBytes = (text: string) => {
      let hash = 0x811c9dc5;
      for (const b of new TextEncoder().encode(text)) hash = Math.imul(hash ^ b, 0x01000193);
      return hash >>> 0;
    };
    for (const text of ["ü", "日本", "🎉 id", "a\ud800b", "end\udc00"]) expect(fnv1a32(text), text).toBe(viaBytes(text));
  });

  it("is a fixed number in [0, 1) per text (these values must never change: they decide which events a sample keeps)", () => {
    expect(stableHash("chatcmpl-a39a0508-6c20-4948-8ec2-34c3f8b3f66d")).toBe(HASH_OF_CHAT_ID);
    expect(stableHash("")).toBe(HASH_OF_EMPTY);
  });

  it("spreads sequential ids evenly (within 3 standard deviations per tenth)", () => {
    for (const prefix of ["chatcmpl-", "conf-", ""]) {
      const buckets = new Array<number>(10).fill(0);
      for (let i = 0; i < 20_000; i++) buckets[Math.floor(stableHash(`${prefix}${i}`) * 10)]!++;
      for (const count of buckets) expect(Math.abs(count - 2000), prefix).toBeLessThan(127);
    }
  });
});

describe("sample", () => {
  it("samples by id, else litellm_call_id, else trace_id; ignores empty and non-string ids", () => {
    expect(sampleKey({ id: "a", litellm_call_id: "b", trace_id: "c" })).toBe("a");
    expect(sampleKey({ id: "", litellm_call_id: "b", trace_id: "c" })).toBe("b");
    expect(sampleKey({ id: 7 as never, litellm_call_id: null, trace_id: "c" })).toBe("c");
    expect(sampleKey({})).toBeUndefined();
    expect(sampleKey(litellmEvents().chat)).toBe("chatcmpl-a39a0508-6c20-4948-8ec2-34c3f8b3f66d");
  });

  it("keeps the same ids every time, for the same rate, across processor instances", async () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `chatcmpl-${i}`);
    const [a, b] = [await create(0.3), await create(0.3)];
    const keptA = ids.filter((id) => a.process({ id }, SUCCESS) !== null);
    const keptB = ids.filter((id) => b.process({ id, model: "other" }, SUCCESS) !== null);
    expect(keptB).toEqual(keptA);
    expect(ids.filter((id) => a.process({ id }, SUCCESS) !== null)).toEqual(keptA);
    expect(Math.abs(keptA.length - 600)).toBeLessThan(80);
    expect(keptA).toEqual(ids.filter((id) => stableHash(id) < 0.3));
  });

  it("a kept event is returned as it is; an id kept at one rate is kept at every higher rate", async () => {
    const low = await create(0.2);
    const high = await create(0.6);
    for (const payload of allLitellmEvents()) {
      const out = low.process(payload, SUCCESS);
      if (out !== null) {
        expect(out).toBe(payload);
        expect(high.process(payload, SUCCESS)).toBe(payload);
      }
    }
    // Kept when the hash is below the rate, not at it.
    const chat = litellmEvents().chat;
    expect(sampleKeeps(chat, HASH_OF_CHAT_ID)).toBe(false);
    expect(sampleKeeps(chat, HASH_OF_CHAT_ID + 1e-12)).toBe(true);
    for (let i = 0; i < 500; i++) if (sampleKeeps({ id: `x${i}` }, 0.2)) expect(sampleKeeps({ id: `x${i}` }, 0.6)).toBe(true);
  });

  it("rate 0 drops every event with an id, rate 1 keeps all; events without any id are kept", async () => {
    const none = await create(0);
    const all = await create(1);
    for (const payload of allLitellmEvents()) {
      expect(none.process(payload, SUCCESS)).toBeNull();
      expect(all.process(payload, SUCCESS)).toBe(payload);
    }
    const anonymous = { model: "m" };
    expect(none.process(anonymous, SUCCESS)).toBe(anonymous);
  });

  it("needs a rate between 0 and 1", async () => {
    await expect(create(1.5)).rejects.toThrow(/p\.rate: must be <= 1/);
    await expect(create(-0.1)).rejects.toThrow(/p\.rate: must be >= 0/);
    await expect(createRegistry([sampleProcessor]).processor("sample", {}, { callbackName: "api" }, "p")).rejects.toThrow(/p\.rate: must have required property 'rate'/);
  });
});
