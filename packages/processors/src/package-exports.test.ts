import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));

describe("@hookline/processors as a user imports it", () => {
  it("a Node script imports the built package and each subpath by name, and runs a processor from each", async () => {
    // The package imports itself by name (its exports map), as an installed dependency would be imported.
    const script = `
      import { builtinProcessors } from "@hookline/processors";
      import { redactMessagesProcessor } from "@hookline/processors/redact-messages";
      import { redactUserApiKeyInfoProcessor } from "@hookline/processors/redact-user-api-key-info";
      import { excludeFieldsProcessor } from "@hookline/processors/exclude-fields";
      import { includeFieldsProcessor } from "@hookline/processors/include-fields";
      import { maskProcessor } from "@hookline/processors/mask";
      import { filterProcessor } from "@hookline/processors/filter";
      import { sampleProcessor } from "@hookline/processors/sample";
      import { setFieldsProcessor } from "@hookline/processors/set-fields";
      import { createRegistry } from "@hookline/core";
      const registry = createRegistry([...builtinProcessors]);
      const payload = { id: "chatcmpl-1", status: "success", model: "gpt-4o", messages: [{ role: "user", content: "mail ann@example.com" }], metadata: { user_api_key_hash: "h" } };
      const steps = [
        ["redact_messages", {}], ["redact_user_api_key_info", {}], ["exclude_fields", { fields: ["model"] }], ["include_fields", { fields: ["id", "messages"] }],
        ["mask", {}], ["filter", { expression: 'model == "gpt-4o"' }], ["sample", { rate: 1 }], ["set_fields", { fields: { environment: "prod" } }],
      ];
      const out = {};
      for (const [type, options] of steps) out[type] = (await registry.processor(type, options, { callbackName: "x" })).process(payload, { eventType: "llm_api_success" });
      const same = [redactMessagesProcessor, redactUserApiKeyInfoProcessor, excludeFieldsProcessor, includeFieldsProcessor, maskProcessor, filterProcessor, sampleProcessor, setFieldsProcessor].every((d, i) => d === builtinProcessors[i]);
      console.log(JSON.stringify({ same, out }));
    `;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], { cwd: PACKAGE_DIR });
    const { same, out } = JSON.parse(stdout) as { same: boolean; out: Record<string, any> };
    expect(same).toBe(true);
    expect(out["redact_messages"].messages).toEqual([{ role: "user", content: "redacted-by-litellm" }]);
    expect(out["redact_user_api_key_info"].metadata).toEqual({});
    expect(out["exclude_fields"]).not.toHaveProperty("model");
    expect(Object.keys(out["include_fields"])).toEqual(["id", "messages"]);
    expect(out["mask"].messages[0].content).toBe("mail [MASKED_EMAIL]");
    expect(out["filter"].id).toBe("chatcmpl-1");
    expect(out["sample"].id).toBe("chatcmpl-1");
    expect(out["set_fields"].environment).toBe("prod");
  });
});
