import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer, connect as connectTcp } from "node:net";
import { makeTempDir, type TempDir } from "./temp-files.js";
import { waitFor, within } from "./wait-for.js";

/** Debian's nats-server: `/usr/sbin/nats-server`, else whatever `PATH` finds. Tests fail (never skip) without it. */
export function natsServerBinary(): string {
  if (existsSync("/usr/sbin/nats-server")) return "/usr/sbin/nats-server";
  const found = spawnSync("sh", ["-c", "command -v nats-server"], { encoding: "utf8" }).stdout.trim();
  if (found === "") throw new Error("nats-server is not installed (Debian: apt-get install nats-server; .ci/run installs it)");
  return found;
}

/** A free TCP port on 127.0.0.1 (asked of the OS, then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A nats-server with JetStream on 127.0.0.1, its store in a temporary directory. */
export interface NatsServer {
  /** `nats://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  readonly storeDir: string;
  /** What the server printed (both streams). */
  readonly log: string;
  /** Stops it with `signal` (SIGKILL: no clean shutdown) and waits for the exit. @default "SIGKILL" */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /**
   * Stops it with `signal` and starts it again on the same port with the same store. SIGTERM (the
   * default) is a clean restart, as a service manager does it: the server writes its consumers'
   * state before it exits.
   */
  restart(signal?: NodeJS.Signals): Promise<void>;
  /** Kills it and removes the store. */
  remove(): Promise<void>;
}

async function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connectTcp(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

/** Starts `nats-server -js -a 127.0.0.1 -p <free port> -sd <temp dir>` and waits (bounded) until it accepts connections. */
export async function startNatsServer(): Promise<NatsServer> {
  const binary = natsServerBinary();
  const port = await freePort();
  const dir: TempDir = await makeTempDir("hookline-nats-");
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let log = "";
  const start = async (): Promise<void> => {
    const proc = spawn(binary, ["-js", "-a", "127.0.0.1", "-p", String(port), "-sd", dir.path], { stdio: ["ignore", "pipe", "pipe"] });
    child = proc;
    proc.stdout!.setEncoding("utf8").on("data", (chunk: string) => (log += chunk));
    proc.stderr!.setEncoding("utf8").on("data", (chunk: string) => (log += chunk));
    exited = new Promise((resolve) => proc.once("close", () => resolve()));
    await waitFor(async () => proc.exitCode === null && (await accepting(port)) && /Server is ready/.test(log), {
      timeoutMs: 10_000,
      intervalMs: 20,
      what: () => `nats-server on port ${port} to be ready; its log:\n${log}`,
    });
  };
  const kill = async (signal: NodeJS.Signals = "SIGKILL"): Promise<void> => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
    await within(exited, 10_000, "nats-server to exit");
  };
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir: dir.path,
    get log() {
      return log;
    },
    kill,
    async restart(signal: NodeJS.Signals = "SIGTERM") {
      await kill(signal);
      log = "";
      await start();
    },
    async remove() {
      await kill("SIGKILL");
      await dir.remove();
    },
  };
}
