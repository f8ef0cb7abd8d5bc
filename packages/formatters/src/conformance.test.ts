import { describe, it } from "vitest";
import { formatterConformance } from "@hookline/core/testing";
import { builtinFormatters } from "./index.js";

const text = (body: string | Uint8Array) => (typeof body === "string" ? body : Buffer.from(body).toString("utf8"));
const idsOf = (values: unknown[]) => values.map((value) => String((value as { id: unknown }).id));

/** How to read ids back from each built-in format, for the round-trip check. */
const decoders: Record<string, (body: string | Uint8Array) => string[]> = {
  json_array: (body) => idsOf(JSON.parse(text(body)) as unknown[]),
  ndjson: (body) => idsOf(text(body).trimEnd().split("\n").map((line) => JSON.parse(line) as unknown)),
  single: (body) => idsOf([JSON.parse(text(body)) as unknown]),
};

for (const definition of builtinFormatters) {
  describe(`${definition.type} passes the formatter conformance suite`, () => {
    const decodeIds = decoders[definition.type];
    for (const check of formatterConformance(definition as never, decodeIds ? { decodeIds } : {})) it(check.name, check.run);
  });
}
