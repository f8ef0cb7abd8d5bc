import { createRequire } from "node:module";

// Read at runtime rather than hard-coded so the header cannot drift from the published version;
// src/ and dist/ both sit one level below package.json.
const { version } = createRequire(import.meta.url)("../package.json") as { version: string };

/** The `User-Agent` the HTTP exporter sends unless told otherwise: `hookline/<version>`. */
export const defaultUserAgent = `hookline/${version}`;
