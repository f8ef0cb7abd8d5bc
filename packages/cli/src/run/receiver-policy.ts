import type { ConfigIssue } from "@hookline/core";
import type { ServerConfig } from "@hookline/config";
import { isLoopbackHost } from "./self-loop.js";

/**
 * Refuses to expose an unauthenticated receiver: listening on a host that is not loopback
 * without `sources.http.auth_token` needs an explicit opt-in (`allow_unauthenticated: true` or
 * `--allow-unauthenticated`), since anyone who can reach the port could post logs that hookline
 * would forward with its callbacks' credentials.
 */
export function receiverPolicyIssues(server: ServerConfig, host: string, allowFlag: boolean, file?: string): ConfigIssue[] {
  if (isLoopbackHost(host) || server.authToken !== undefined || server.allowUnauthenticated === true || allowFlag) return [];
  return [
    {
      ...(file === undefined ? {} : { file }),
      path: "sources.http.auth_token",
      message: `the receiver would listen on ${host}, which is not a loopback address, without a token: anyone who can reach it could post logs. Set sources.http.auth_token (LiteLLM sends it in the callback's headers: Authorization: Bearer ...), or allow it explicitly with sources.http.allow_unauthenticated: true or --allow-unauthenticated`,
    },
  ];
}
