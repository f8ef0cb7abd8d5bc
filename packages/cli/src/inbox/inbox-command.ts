import type { Output } from "../console-output.js";
import { UsageError } from "../usage-error.js";
import { startInbox } from "./inbox-server.js";

/**
 * `hookline inbox [--port N] [--host H]`: a local endpoint that records whatever a callback posts
 * and a page that shows it live. Prints its address, then runs until SIGINT/SIGTERM.
 */
export async function inboxCommand(
  values: { readonly port?: string | undefined; readonly host?: string | undefined },
  context: { readonly output: Output; readonly stopSignal: Promise<string> },
): Promise<number> {
  const port = values.port === undefined ? 8700 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: expected a port number 0-65535, got "${values.port}"`);
  const inbox = await startInbox({ port, host: values.host ?? "127.0.0.1" });
  context.output.out(`hookline inbox: listening on ${inbox.url}`);
  context.output.out(`open ${inbox.url} — point a callback at ${inbox.url}any/path; Ctrl-C stops`);
  const signal = await context.stopSignal;
  await inbox.close();
  context.output.out(`hookline inbox: stopped (${signal}), ${inbox.requests().length} request(s) received`);
  return 0;
}
