import { describe, expect, it } from "vitest";
import type { FormatterDefinition } from "../contracts/component-definition.js";
import { HooklineError } from "../errors/hookline-error.js";
import { isPackageName } from "./component-name.js";
import { createRegistry } from "./component-registry.js";

const upper: FormatterDefinition<{ separator: string }> = {
  kind: "formatter",
  specificationVersion: 1,
  type: "upper",
  optionsSchema: {
    type: "object",
    properties: { separator: { type: "string", default: "\n" } },
    additionalProperties: false,
  },
  create: (options) => ({
    specificationVersion: 1,
    type: "upper",
    contentType: "text/plain",
    encode: (events) => events.map((e) => String(e.payload.id).toUpperCase()).join(options.separator),
  }),
};

describe("createRegistry", () => {
  it("creates registered components with schema defaults applied", async () => {
    const registry = createRegistry([upper as never]);
    const formatter = await registry.formatter("upper");
    expect(formatter.encode([{ type: "llm_api_success", payload: { id: "a" } }, { type: "llm_api_success", payload: { id: "b" } }])).toBe("A\nB");
  });

  it("rejects bad options with the key path of each problem", async () => {
    const registry = createRegistry([upper as never]);
    const error = await registry.formatter("upper", { separator: 3, colour: "red" }, "callback_settings.x.log_format.options").catch((e: unknown) => e);
    expect(HooklineError.is(error)).toBe(true);
    expect((error as HooklineError).code).toBe("ERR_COMPONENT_OPTIONS_INVALID");
    expect((error as HooklineError).issues.map((i) => i.path).sort()).toEqual([
      "callback_settings.x.log_format.options.colour",
      "callback_settings.x.log_format.options.separator",
    ]);
  });

  it("names the known types and the package to install for an unknown name", async () => {
    const registry = createRegistry([upper as never]);
    await expect(registry.formatter("xml", {}, "callback_settings.x.log_format")).rejects.toThrow(
      'callback_settings.x.log_format: unknown formatter "xml"; expected one of upper',
    );
    await expect(registry.formatter("@acme/hookline-formatter-nope")).rejects.toThrow(
      'formatter package "@acme/hookline-formatter-nope" is not installed; install it with `npm install @acme/hookline-formatter-nope` (known formatters: upper)',
    );
  });

  it("loads lazily registered components once", async () => {
    let loads = 0;
    const registry = createRegistry();
    registry.registerLazy("formatter", "upper", () => {
      loads += 1;
      return upper as never;
    });
    await registry.formatter("upper");
    await registry.formatter("upper");
    expect(loads).toBe(1);
    expect(registry.types("formatter")).toEqual(["upper"]);
  });

  it("recognises package names", () => {
    expect(isPackageName("@acme/hookline-formatter-x")).toBe(true);
    expect(isPackageName("hookline-formatter-csv")).toBe(true);
    expect(isPackageName("ndjson")).toBe(false);
  });
});
