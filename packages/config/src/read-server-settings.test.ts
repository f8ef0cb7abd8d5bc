import { describe, expect, it } from "vitest";
import { validateConfig } from "./validate-config.js";

const entry = "callback_settings:\n  a: { callback_type: generic_api, endpoint: https://a.example.com }\n";
const read = (sources: string, env: Record<string, string> = {}) => validateConfig(`${entry}sources:\n${sources}`, { file: "c.yaml", env });

describe("sources.http: the receiver's settings", () => {
  it("reads the token (a value or an env reference), the opt-in, the dead-letter path, limits and timeouts (seconds to ms)", () => {
    const result = read(
      "  http:\n    auth_token: os.environ/TOKEN\n    allow_unauthenticated: true\n    dead_letter_path: dl/http.ndjson\n    max_connections: 100\n    max_body_bytes: 1000\n    headers_timeout: 0.5\n    request_timeout: 2\n    idle_timeout: 3\n",
      { TOKEN: "s3cr3t" },
    );
    expect(result.issues).toEqual([]);
    expect(result.config!.server).toEqual({
      host: "127.0.0.1",
      port: 4400,
      authToken: "s3cr3t",
      allowUnauthenticated: true,
      deadLetterPath: "dl/http.ndjson",
      maxConnections: 100,
      maxBodyBytes: 1000,
      headersTimeoutMs: 500,
      requestTimeoutMs: 2000,
      idleTimeoutMs: 3000,
    });
    expect(read("  http:\n    auth_token: ${TOKEN}\n", { TOKEN: "t" }).config!.server.authToken).toBe("t");
  });

  it("leaves out what is not set", () => {
    expect(read("  http: { port: 1 }\n").config!.server).toEqual({ host: "127.0.0.1", port: 1 });
  });

  it("reports an unset token variable at its key, and never shows a token in a message", () => {
    expect(read("  http:\n    auth_token: os.environ/NOPE\n").issues.map((i) => `${i.path}: ${i.message}`)).toEqual(["sources.http.auth_token: environment variable NOPE is not set"]);
    const wrongType = read("  http:\n    auth_token: [12345678]\n");
    expect(wrongType.issues.map((i) => `${i.path}: ${i.message}`)).toEqual(["sources.http.auth_token: expected a string (the token's value is not shown)"]);
    // A number is taken as the token's text, not refused with its value in the message.
    expect(read("  http:\n    auth_token: 12345678\n").config!.server.authToken).toBe("12345678");
  });

  it("checks types, and warns about unknown keys with the valid ones", () => {
    const result = read("  http:\n    max_connections: 0\n    idle_timeout: -1\n    allow_unauthenticated: maybe\n");
    expect(result.issues.map((i) => i.path)).toEqual(["sources.http.allow_unauthenticated", "sources.http.max_connections", "sources.http.idle_timeout"]);
    const warned = read("  http:\n    auth_tokn: x\n");
    expect(warned.warnings.map((w) => w.path)).toEqual(["sources.http.auth_tokn"]);
    expect(warned.warnings[0]!.message).toContain("auth_token");
  });
});
