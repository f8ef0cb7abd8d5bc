import type { Server } from "node:http";
import { HooklineError } from "@hookline/core";

const REASONS: Readonly<Record<string, string>> = {
  EADDRINUSE: "the port is already in use (EADDRINUSE); stop the other process or choose another port (--port or sources.http.port)",
  EACCES: "permission denied (EACCES); ports below 1024 need privileges",
  EADDRNOTAVAIL: "the address is not one of this machine's (EADDRNOTAVAIL); check --host or sources.http.host",
  ENOTFOUND: "unknown host name (ENOTFOUND); check --host or sources.http.host",
  EAI_AGAIN: "the host name could not be resolved (EAI_AGAIN); check --host or sources.http.host",
};

/**
 * Starts `server` listening; a failure (port in use, unknown host, ...) becomes a one-line
 * `ERR_LISTEN_FAILED` error naming the address and what to do.
 */
export function listenServer(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      const code = err.code ?? "";
      const reason = REASONS[code] ?? (code !== "" ? `${err.message.split("\n")[0]} (${code})` : err.message);
      const where = host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
      reject(new HooklineError("ERR_LISTEN_FAILED", `cannot listen on ${where}: ${reason}`, { cause: err }));
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
}
