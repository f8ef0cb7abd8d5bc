import { describe, it } from "vitest";
import { processorConformance } from "@hookline/core/testing";
import { allLitellmEvents } from "./litellm-events.test-support.js";
import { builtinProcessors } from "./index.js";

/** Options that make each built-in processor do something on the suite's payloads. */
const OPTIONS: Record<string, Record<string, unknown>> = {
  exclude_fields: { fields: ["metadata.requester_ip_address", "messages.content", "hidden_params", "response.choices.message"] },
  include_fields: { fields: ["id", "model", "metadata.user_api_key_team_id", "messages.content", "response.choices.message.content"] },
  mask: { fields: ["messages", "response", "error_str"], patterns: [{ name: "question", regex: "question \\d+" }] },
  filter: { expression: 'status == "success" && has(metadata.user_api_key_team_id)' },
  sample: { rate: 0.5 },
  set_fields: { fields: { environment: "prod", "metadata.service": { name: "api" }, "messages.tagged": true } },
};

/** Besides the suite's own payloads: all ten real LiteLLM 1.81 ones, and one with secrets to mask. */
const PAYLOADS = [
  ...allLitellmEvents(),
  { id: "secrets", messages: [{ role: "user", content: "mail ann@example.com, card 4111 1111 1111 1111, key sk-AbCdEf0123456789GhIjKl" }], metadata: null as never },
];

for (const definition of builtinProcessors) {
  describe(`${definition.type} passes the processor conformance suite`, () => {
    for (const check of processorConformance(definition, { options: OPTIONS[definition.type] ?? {}, payloads: PAYLOADS })) it(check.name, check.run);
  });
}
