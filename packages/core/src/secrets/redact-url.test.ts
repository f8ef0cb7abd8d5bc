import { describe, expect, it } from "vitest";
import { redactUrl } from "./redact-url.js";

describe("redactUrl", () => {
  it("drops userinfo, query string and fragment", () => {
    expect(redactUrl("https://user:pa55@logs.example.com:8443/v1/ingest?api_key=s3cret&x=1#frag")).toBe(
      "https://logs.example.com:8443/v1/ingest",
    );
  });

  it("drops a username without password", () => {
    expect(redactUrl("http://token@example.com/")).toBe("http://example.com/");
  });

  it("keeps a plain URL unchanged", () => {
    expect(redactUrl("http://127.0.0.1:1234/logs")).toBe("http://127.0.0.1:1234/logs");
  });

  it("accepts URL objects", () => {
    expect(redactUrl(new URL("https://a:b@example.com/p?q=1"))).toBe("https://example.com/p");
  });

  it("drops the default port and normalizes an empty path", () => {
    expect(redactUrl("https://example.com:443?k=v")).toBe("https://example.com/");
  });

  it("still strips userinfo and query from strings that do not parse as URLs", () => {
    expect(redactUrl("http://us:er@[bad/path?token=abc")).toBe("http://[bad/path");
    expect(redactUrl("not a url?secret=1")).toBe("not a url");
  });
});
