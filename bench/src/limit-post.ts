/**
 * The limit's delivery policy, shared by the in-process limit sender (drivers/limit.ts) and the
 * limit relay (limit-relay-server.ts), so both floors post and retry exactly alike.
 */
import type { Agent } from "undici";

/** Where a body goes, split the way undici's `request` takes it. */
export interface PostTarget {
  readonly origin: string;
  readonly path: string;
}

export function postTarget(url: string): PostTarget {
  const target = new URL(url);
  return { origin: target.origin, path: `${target.pathname}${target.search}` };
}

/** Status 0 stands for "no answer" (a network error). */
function isRetryable(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

/** 250 ms doubling to 2 s. */
function backoffMs(attempt: number): number {
  return Math.min(2000, 250 * 2 ** attempt);
}

/**
 * POSTs `body` until a 2xx: retryable answers (408, 429, 5xx, network errors) are tried again
 * after {@link backoffMs}, 13 attempts in all; any other answer gives up at once. Calls
 * `onRetry` before each new attempt; resolves whether the body was delivered.
 */
export async function postWithRetries(agent: Agent, target: PostTarget, body: string | Buffer, contentType: string, onRetry: () => void): Promise<boolean> {
  for (let attempt = 0; attempt <= 12; attempt++) {
    let status = 0;
    try {
      const response = await agent.request({ origin: target.origin, path: target.path, method: "POST", headers: { "content-type": contentType }, body });
      status = response.statusCode;
      await response.body.dump();
    } catch {
      status = 0;
    }
    if (status >= 200 && status < 300) return true;
    if (!isRetryable(status)) return false;
    onRetry();
    await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)));
  }
  return false;
}
