import { spawnHookline, type HooklineProcess } from "../support/hookline-process.js";
import { waitFor } from "../support/wait-for.js";

const LISTENING = /^hookline inbox: listening on (http:\/\/127\.0\.0\.1:\d+\/)$/m;

/** A spawned `hookline inbox --port 0` and the page address it printed. */
export async function startInboxProcess(): Promise<HooklineProcess & { readonly url: string }> {
  const proc = spawnHookline(["inbox", "--port", "0"]);
  let url: string;
  try {
    url = await waitFor(() => LISTENING.exec(proc.stdout)?.[1], { timeoutMs: 10_000 });
  } catch (err) {
    proc.kill("SIGKILL");
    throw new Error(`hookline inbox did not print its address: ${(err as Error).message}\nstdout:\n${proc.stdout}\nstderr:\n${proc.stderr}`);
  }
  return Object.assign(proc, { url });
}

/** The inbox's JSON API. */
export async function inboxRequests(url: string): Promise<InboxRequestJson[]> {
  return (await (await fetch(`${url}_inbox/api/requests`)).json()) as InboxRequestJson[];
}

export interface InboxRequestJson {
  id: number;
  method: string;
  path: string;
  callback: string;
  headers: Record<string, string>;
  size: number;
  contentEncoding?: string;
  format: string;
  error?: string;
  events: { time?: string; model?: string; status?: string; tokens?: number; cost?: number; latencyMs?: number; callType?: string; payload: unknown }[];
}
