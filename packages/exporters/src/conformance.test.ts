import { describe, it } from "vitest";
import { exporterConformance } from "@hookline/core/testing";
import { httpExporterDefinition } from "./http.js";

describe("http passes the exporter conformance suite", () => {
  const checks = exporterConformance(httpExporterDefinition as never, {
    optionsFor: (url, secret) => ({ url, headers: { Authorization: `Bearer ${secret}` }, timeoutMs: 5000 }),
  });
  for (const check of checks) it(check.name, check.run);
});
