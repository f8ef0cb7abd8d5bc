import { isIP } from "node:net";
import { z } from "zod";
import { describeValue } from "./describe-value.js";
import { numberField } from "./schema-fields.js";

const HOST_LABEL = "[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?";
const HOST_NAME = new RegExp(`^${HOST_LABEL}(?:\\.${HOST_LABEL})*\\.?$`);

/** A host to listen on: a name (labels of letters, digits, `-`, `_`) or an IP address, no brackets, no port. */
function hostField() {
  const expected = "expected a host name or IP address (no brackets, no port)";
  return z.string({ error: (issue) => `${expected}; got ${describeValue(issue.input)}` }).refine((host) => isIP(host) !== 0 || HOST_NAME.test(host), {
    error: (issue) => `${expected}; got ${describeValue(issue.input)}`,
  });
}

/** The zod schema of hookline's own `sources` section. The single source of {@link SourcesSettings}. */
export const sourcesSchema = z.object({
  /** The HTTP receiver of `hookline run`. */
  http: z
    .object(
      {
        host: hostField().optional(),
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

