import type { ExporterDefinition } from "@hookline/core";
import { httpExporterDefinition } from "./http.js";
import type { HttpExporterOptions } from "./http.js";

export { httpExporter, httpExporterDefinition } from "./http.js";
export type { HttpExporterOptions } from "./http.js";
export { classifyRequestError } from "./classify-request-error.js";
export { compressBody } from "./compress-body.js";
export type { BodyCompression } from "./compress-body.js";
export { defaultUserAgent } from "./default-user-agent.js";
export { parseRetryAfter } from "./retry-after.js";

/** The built-in exporter definitions: `http`. */
export const builtinExporters: readonly ExporterDefinition<HttpExporterOptions>[] = [httpExporterDefinition];
