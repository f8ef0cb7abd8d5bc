import { describe, expect, it } from "vitest";
import { createLogEvent } from "@hookline/core";
import { formatterConformance } from "@hookline/core/testing";
import definition, { csv } from "./index.js";

describe("@acme/hookline-formatter-csv", () => {
  describe("passes hookline's formatter conformance suite", () => {
    const decodeIds = (body: string | Uint8Array) =>
      String(body).trimEnd().split("\r\n").slice(1).map((line) => line.split(",")[0]!.replace(/^"|"$/g, ""));
    for (const check of formatterConformance(definition as never, { options: { fields: ["id", "model"] }, decodeIds })) it(check.name, check.run);
  });

  it("writes a header and one quoted row per event", () => {
    const body = csv({ fields: ["id", "model", "metadata.team", "error_str"] }).encode([
      createLogEvent({ id: "a", model: "gpt-4o", metadata: { team: "x" } }),
      createLogEvent({ id: "b", model: "m,1", error_str: 'said "no"\nthen left', status: "failure" }),
    ]);
    expect(body).toBe('id,model,metadata.team,error_str\r\na,gpt-4o,x,\r\nb,"m,1",,"said ""no""\nthen left"\r\n');
  });
});
