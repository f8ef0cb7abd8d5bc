import { Type } from "@sinclair/typebox";
import { describe, expect, expectTypeOf, it } from "vitest";
import { createLogEvent } from "../events/log-event.js";
import { createRegistry } from "./component-registry.js";
import { defineExporter, defineFormatter, defineProcessor } from "./define-component.js";

describe("define helpers", () => {
  const upper = defineFormatter({
    type: "upper_json",
    description: "JSON array, upper-cased",
    options: Type.Object({ indent: Type.Integer({ minimum: 0, default: 0 }) }, { additionalProperties: false }),
    create: ({ indent }) => {
      expectTypeOf(indent).toEqualTypeOf<number>();
      return { contentType: "application/json", encode: (events) => JSON.stringify(events.map((e) => e.payload), null, indent).toUpperCase() };
    },
  });

  it("states the name once: instances get the definition's type and specification version", async () => {
    const registry = createRegistry([upper]);
    const formatter = await registry.formatter("upper_json", { indent: 1 });
    expect(formatter.type).toBe("upper_json");
    expect(formatter.specificationVersion).toBe(1);
    expect(formatter.encode([createLogEvent({ id: "a" } as never)])).toContain('"ID": "A"');
  });

  it("validates options against the schema, with defaults filled in", async () => {
    const registry = createRegistry([upper]);
    await expect(registry.formatter("upper_json", { indent: -1 }, "callback_settings.x.log_format.options")).rejects.toThrow(
      /callback_settings\.x\.log_format\.options\.indent: must be >= 0/,
    );
    const formatter = await registry.formatter("upper_json", {});
    expect(formatter.encode([createLogEvent({ id: "a" } as never)])).toBe('[{"ID":"A"}]');
  });

  it("keeps the prototype of what a factory returns", async () => {
    class Counter {
      count = 0;
      process(payload: never) {
        this.count++;
        return payload;
      }
    }
    const definition = defineProcessor({ type: "counter", create: () => new Counter() });
    const processor = await createRegistry([definition]).processor("counter", {}, { callbackName: "api" });
    processor.process({} as never, { eventType: "llm_api_success" });
    expect((processor as unknown as Counter).count).toBe(1);
    expect(processor.type).toBe("counter");
  });

  it("a component without options refuses any", async () => {
    const stdout = defineExporter({ type: "nowhere", create: () => ({ export: async () => ({ kind: "success" as const }) }) });
    await expect(createRegistry([stdout]).exporter("nowhere", { url: "x" }, { callbackName: "api" }, "p")).rejects.toThrow(/p\.url: unknown option/);
  });

  it("refuses a type name that breaks the naming rule", () => {
    expect(() => defineFormatter({ type: "Upper-JSON", create: () => ({ contentType: "text/plain", encode: () => "" }) })).toThrow(
      /formatter type "Upper-JSON": expected a snake_case name/,
    );
  });
});
