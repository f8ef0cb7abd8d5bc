import { z } from "zod";
import { numberField, stringField } from "./schema-fields.js";

/** The zod schema of hookline's own `sources` section. The single source of {@link SourcesSettings}. */
export const sourcesSchema = z.object({
  /** The HTTP receiver of `hookline run`. */
  http: z
    .object(
      {
        host: stringField("a host name or IP address").optional(),
        // 0 asks the OS for a free port (tests, sidecars that report it).
        port: numberField("a port number between 0 and 65535", (port) => Number.isInteger(port) && port >= 0 && port <= 65535).optional(),
      },
      { error: "expected a mapping with host and port" },
    )
    .optional(),
});

/** Validated `sources` section. */
export type SourcesSettings = z.output<typeof sourcesSchema>;

/** Keys of `sources` and `sources.http`, for unknown-key warnings. */
export const SOURCES_KEYS = { sources: ["http"], http: ["host", "port"] } as const;

