import type { ConfigIssue } from "@hookline/core";
import type { HooklineConfig } from "@hookline/config";
import { receiverPolicyIssues } from "./receiver-policy.js";
import { selfLoopIssues, type ReceiverAddress } from "./self-loop.js";

/**
 * What `hookline run` refuses to listen with, for a config and the address it would use: a
 * non-loopback host without a token, a callback that posts to this receiver. The messages are
 * scrubbed of the config's secrets (the host may come from a variable).
 */
export function receiverConfigIssues(config: HooklineConfig, address: ReceiverAddress, allowUnauthenticated: boolean, file?: string): ConfigIssue[] {
  const issues = [
    ...receiverPolicyIssues(config.server, address.host, allowUnauthenticated, file),
    ...(address.port === 0 ? [] : selfLoopIssues(config.callbacks, address, file)),
  ];
  return issues.map((issue) => ({ ...issue, message: config.secrets.scrub(issue.message) }));
}
