import { isIP } from "node:net";
import { z } from "zod";
import { describeValue } from "./describe-value.js";

const HOST_LABEL = "[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?";
const HOST_NAME = new RegExp(`^${HOST_LABEL}(?:\\.${HOST_LABEL})*\\.?$`);

/** A host to listen on: a name (labels of letters, digits, `-`, `_`) or an IP address, no brackets, no port. */
function hostField() {
  const expected = "expected a host name or IP address (no brackets, no port)";
  return z.string({ error: (issue) => `${expected}; got ${describeValue(issue.input)}` }).refine((host) => isIP(host) !== 0 || HOST_NAME.test(host), {
    error: (issue) => `${expected}; got ${describeValue(issue.input)}`,
  });
}
import { integerField, numberField, secondsField, stringField } from "./schema-fields.js";

/** A token; its value never appears in a message, even when it has the wrong type. */
const tokenField = z.preprocess(
  (value) => (typeof value === "number" ? String(value) : value),
  z.string({ error: "expected a string (the token's value is not shown)" }).refine((value) => value.trim() !== "", { error: "expected a non-empty token" }),
);

const booleanField = z.preprocess(
  (value) => (value === "true" ? true : value === "false" ? false : value),
  z.boolean({ error: "expected true or false" }),
);

/** The zod schema of hookline's own `sources` section. The single source of {@link SourcesSettings}. */
export const sourcesSchema = z.object({
  /** The HTTP receiver of `hookline run`. */
  http: z
    .object(
      {
        host: hostField().optional(),
        // 0 asks the OS for a free port (tests, sidecars that report it).
        port: numberField("a port number between 0 and 65535", (port) => Number.isInteger(port) && port >= 0 && port <= 65535).optional(),
        auth_token: tokenField.optional(),
        allow_unauthenticated: booleanField.optional(),
        dead_letter_path: stringField().optional(),
        max_connections: integerField(1).optional(),
        max_body_bytes: integerField(1).optional(),
        headers_timeout: secondsField(false).optional(),
        request_timeout: secondsField(false).optional(),
        idle_timeout: secondsField(false).optional(),
      },
      { error: "expected a mapping (host, port, auth_token, ...)" },
    )
    .optional(),
});

/** Validated `sources` section. */
export type SourcesSettings = z.output<typeof sourcesSchema>;

/** Keys of `sources` and `sources.http`, for unknown-key warnings. */
export const SOURCES_KEYS = {
  sources: ["http"],
  http: ["host", "port", "auth_token", "allow_unauthenticated", "dead_letter_path", "max_connections", "max_body_bytes", "headers_timeout", "request_timeout", "idle_timeout"],
} as const;
