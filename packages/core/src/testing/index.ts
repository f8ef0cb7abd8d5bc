export { check } from "./conformance-check.js";
export type { ConformanceCheck } from "./conformance-check.js";
export { conformancePayloads } from "./conformance-payloads.js";
export { formatterConformance } from "./formatter-conformance.js";
export type { FormatterConformanceOptions } from "./formatter-conformance.js";
export { exporterConformance } from "./exporter-conformance.js";
export type { ExporterConformanceOptions } from "./exporter-conformance.js";
