import { describe, expect, it } from "vitest";
import { KeepAlive } from "./keep-alive.js";

/** Ref'd timers of the process (an unref'd one is not listed). */
const refTimers = (): number => process.getActiveResourcesInfo().filter((name) => name === "Timeout").length;

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (err: Error) => void } {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe("KeepAlive", () => {
  it("holds one ref'd handle while any held promise is outstanding, and none after the last settles", async () => {
    const keepAlive = new KeepAlive();
    const before = refTimers();
    const first = deferred();
    const second = deferred();
    const held = [keepAlive.hold(first.promise), keepAlive.hold(second.promise).catch(() => "rejected")];
    expect(keepAlive.active).toBe(true);
    expect(refTimers()).toBe(before + 1);
    first.resolve();
    await held[0];
    expect(keepAlive.active).toBe(true);
    second.reject(new Error("boom"));
    expect(await held[1]).toBe("rejected");
    expect(keepAlive.active).toBe(false);
    expect(refTimers()).toBe(before);
  });

  it("passes the promise's value and rejection through", async () => {
    const keepAlive = new KeepAlive();
    await expect(keepAlive.hold(Promise.resolve(42))).resolves.toBe(42);
    await expect(keepAlive.hold(Promise.reject(new Error("no")))).rejects.toThrow("no");
    expect(keepAlive.active).toBe(false);
  });
});
