import { hostname } from "node:os";
import type { CallbackConfig } from "@hookline/config";
import { describe, expect, it } from "vitest";
import { isLoopbackHost, selfLoopIssues } from "./self-loop.js";

const callback = (endpoint: string, name = "hookline"): CallbackConfig =>
  ({ name, endpoint, path: `callback_settings.${name}` }) as unknown as CallbackConfig;
const loops = (endpoint: string, host = "127.0.0.1", port = 4400) => selfLoopIssues([callback(endpoint)], { host, port }).length === 1;

describe("selfLoopIssues", () => {
  it("finds a callback whose endpoint is this receiver, however the address is spelled", () => {
    for (const endpoint of [
      "http://127.0.0.1:4400/v1/callbacks/logs",
      "http://localhost:4400/v1/callbacks/logs/",
      "http://LOCALHOST:4400/v1/callbacks/logs?x=1",
      "http://[::1]:4400/v1/callbacks/logs",
      "http://0.0.0.0:4400/v1/callbacks/logs",
      "http://127.0.0.2:4400/v1/callbacks/logs",
    ]) {
      expect(loops(endpoint), endpoint).toBe(true);
    }
    expect(loops("http://10.1.2.3:8080/v1/callbacks/logs", "10.1.2.3", 8080)).toBe(true);
    expect(loops(`http://${hostname()}:4400/v1/callbacks/logs`, "0.0.0.0")).toBe(true);
  });

  it("leaves other endpoints alone: another port, path, host or scheme", () => {
    for (const endpoint of [
      "http://127.0.0.1:4401/v1/callbacks/logs",
      "http://127.0.0.1:4400/v1/callbacks/other",
      "http://logs.example.com:4400/v1/callbacks/logs",
      "https://127.0.0.1:4400/v1/callbacks/logs",
      "http://127.0.0.1/v1/callbacks/logs",
    ]) {
      expect(loops(endpoint), endpoint).toBe(false);
    }
    expect(loops("http://127.0.0.1:80/v1/callbacks/logs", "127.0.0.1", 80)).toBe(true);
  });

  it("names the callback's key, and never shows the URL's secrets", () => {
    const [issue] = selfLoopIssues([callback("http://user:pw@127.0.0.1:4400/v1/callbacks/logs?token=abc")], { host: "127.0.0.1", port: 4400 }, "c.yaml");
    expect(issue).toMatchObject({ file: "c.yaml", path: "callback_settings.hookline.endpoint" });
    expect(issue!.message).toMatch(/is this hookline's own receiver \(listening on 127\.0\.0\.1:4400\): callback hookline would send every event back/);
    expect(issue!.message).not.toMatch(/pw|abc/);
  });
});

describe("isLoopbackHost", () => {
  it("is true only for loopback names and addresses", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]", "app.localhost"]) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ["0.0.0.0", "::", "10.0.0.1", "example.com", "128.0.0.1"]) expect(isLoopbackHost(host), host).toBe(false);
  });
});
