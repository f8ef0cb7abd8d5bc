/** `hookline demo --inbox` through the binary: sends the demo events to an inbox, prints its page address, stops on SIGINT. */
import { describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { spawnHookline } from "../support/hookline-process.js";
import { waitFor } from "../support/wait-for.js";
import { inboxRequests } from "./inbox-support.js";

const cleanup = useCleanup();

describe("hookline demo --inbox", () => {
  it("sends the demo's events to an inbox, prints its address, keeps it open until SIGINT", async () => {
    const proc = spawnHookline(["demo", "--inbox", "--count", "12"]);
    cleanup(() => proc.kill("SIGKILL"));
    const url = await waitFor(() => /^open (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(proc.stdout)?.[1], { timeoutMs: 15_000, what: () => `the page address; stdout:\n${proc.stdout}\nstderr:\n${proc.stderr}` });

    const requests = await inboxRequests(url);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.flatMap((r) => r.events).length).toBeGreaterThanOrEqual(12);
    const page = await (await fetch(url)).text();
    expect(page).toContain("<title>hookline inbox</title>");

    proc.kill("SIGINT");
    const exit = await proc.waitForExit();
    expect(exit.code).toBe(0);
    expect(exit.stdout).toContain("hookline demo: stopped (SIGINT)");
    await expect(fetch(url)).rejects.toThrow();
  });

  it("without --inbox still runs to the end by itself", async () => {
    const exit = await spawnHookline(["demo", "--count", "3"]).waitForExit(20_000);
    expect(exit.code).toBe(0);
    expect(exit.stdout).toContain("what the endpoint received:");
  });

  it.each(["abc", "0", "-5", "2.5", "1e3"])("rejects --count %s with a usage error and sends nothing", async (value) => {
    const exit = await spawnHookline(["demo", `--count=${value}`]).waitForExit(20_000);
    expect(exit.code).toBe(2);
    expect(exit.stderr).toContain(`--count: expected a whole number of events from 1 to 100000, got "${value}"`);
    expect(exit.stdout).not.toContain("a local endpoint is listening");
  });
});
