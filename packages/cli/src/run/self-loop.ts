import { hostname, networkInterfaces } from "node:os";
import { redactUrl, type ConfigIssue } from "@hookline/core";
import { type CallbackConfig } from "@hookline/config";
import { LOGS_PATH } from "../receiver/http-receiver.js";

/** Where the receiver listens. */
export interface ReceiverAddress {
  readonly host: string;
  readonly port: number;
}

const LOOPBACK_NAMES = new Set(["localhost", "::1", "0:0:0:0:0:0:0:1"]);
const WILDCARDS = new Set(["0.0.0.0", "::", "0:0:0:0:0:0:0:0"]);

const bare = (host: string): string => host.toLowerCase().replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "");

/** True for a loopback host: `localhost`, 127.0.0.0/8, `::1`. */
export function isLoopbackHost(host: string): boolean {
  const name = bare(host);
  return LOOPBACK_NAMES.has(name) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name) || name.endsWith(".localhost");
}

/** The host names that reach a receiver bound to `host` from this machine. */
function namesOf(host: string): Set<string> {
  const names = new Set([...LOOPBACK_NAMES, ...WILDCARDS, bare(host)]);
  if (WILDCARDS.has(bare(host))) {
    // Bound to every interface: each of this machine's addresses reaches it.
    names.add(hostname().toLowerCase());
    for (const addresses of Object.values(networkInterfaces())) for (const address of addresses ?? []) names.add(bare(address.address));
  }
  return names;
}

/**
 * The callbacks whose endpoint is this receiver itself (`http://127.0.0.1:4400/v1/callbacks/logs`
 * while listening on 127.0.0.1:4400, with `localhost`, `::1`, `0.0.0.0`, the bound host or, bound
 * to all interfaces, any of this machine's addresses; with or without a trailing slash): each
 * event would be delivered back to hookline, again and again. This happens when hookline runs
 * on the very config.yaml LiteLLM uses, which names hookline as a callback.
 */
export function selfLoopIssues(callbacks: readonly CallbackConfig[], receiver: ReceiverAddress, file?: string): ConfigIssue[] {
  const names = namesOf(receiver.host);
  const issues: ConfigIssue[] = [];
  for (const callback of callbacks) {
    let url: URL;
    try {
      if (callback.endpoint === undefined) continue;
      url = new URL(callback.endpoint);
    } catch {
      continue;
    }
    if (url.protocol !== "http:") continue;
    const port = url.port === "" ? 80 : Number(url.port);
    const path = url.pathname.replace(/\/+$/, "");
    if (port !== receiver.port || path !== LOGS_PATH || !(names.has(bare(url.hostname)) || isLoopbackHost(url.hostname))) continue;
    issues.push({
      ...(file === undefined ? {} : { file }),
      path: callback.path.endsWith(".endpoint") ? callback.path : `${callback.path}.endpoint`,
      message: `${redactUrl(url)} is this hookline's own receiver (listening on ${receiver.host}:${receiver.port}): callback ${callback.name} would send every event back into hookline, without end. Remove it from the config hookline runs (that callback belongs in LiteLLM's config), or point it elsewhere`,
    });
  }
  return issues;
}
