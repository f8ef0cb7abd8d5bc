import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { isMaskable, SecretScrubber } from "./secret-scrubber.js";

describe("SecretScrubber", () => {
  it("masks a value with its mask, and the longest registered value first", () => {
    const secrets = new SecretScrubber().add("sk-abc", "$KEY").add("Bearer sk-abc-long");
    expect(secrets.scrub("got sk-abc and Bearer sk-abc-long")).toBe("got $KEY and [redacted]");
  });

  it("masks the forms an endpoint echoes: percent-encoded in either hex case, form-encoded, JSON-escaped", () => {
    const value = 'k/y+z=1 "é"';
    const secrets = new SecretScrubber().add(value, "$K");
    const encoded = encodeURIComponent(value);
    for (const form of [
      value,
      encoded,
      encoded.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
      encoded.replace(/%20/g, "+"),
      JSON.stringify(value).slice(1, -1),
      JSON.stringify(value).slice(1, -1).replace(/\//g, "\\/"),
      'k\\/y+z=1 \\"\\u00e9\\"',
    ]) {
      expect(secrets.scrub(`<${form}>`), form).toBe("<$K>");
    }
  });

  it("a value given percent-encoded (a URL part) is masked decoded too", () => {
    expect(new SecretScrubber().add("p%40ss%2Fword").scrub("p@ss/word")).toBe("[redacted]");
  });

  it("leaves short values, booleans and short numbers alone; long digit runs are masked", () => {
    expect(isMaskable("abc")).toBe(false);
    expect(isMaskable("true")).toBe(false);
    expect(isMaskable("4400")).toBe(false);
    expect(isMaskable("123456789012")).toBe(true);
    const secrets = new SecretScrubber().add("80").add("true").add("4400").add("123456789012");
    expect(secrets.scrub("port 80 true 4400 pin 123456789012")).toBe("port 80 true 4400 pin [redacted]");
  });

  it("a mask holding `$` is written as it is (no replacement patterns)", () => {
    expect(new SecretScrubber().add("secret-1", "$&$1").scrub("x secret-1")).toBe("x $&$1");
  });

  it("the first mask of a form wins, so an environment value keeps its $NAME", () => {
    const secrets = new SecretScrubber().add("tok-123456", "$TOKEN").addHeaderValue("Bearer tok-123456");
    expect(secrets.scrub("Bearer tok-123456 / tok-123456")).toBe("[redacted] / $TOKEN");
  });

  it("addHeaderValue masks the value and its words of 8+ characters", () => {
    const secrets = new SecretScrubber().addHeaderValue("Bearer abcdefgh12, key=zzzzzzzz99");
    expect(secrets.scrub("abcdefgh12 zzzzzzzz99 Bearer")).toBe("[redacted] [redacted] Bearer");
  });

  it("addUrl masks userinfo and each query value; the path only when secret", () => {
    const url = "https://user1:pa%2Fss@hooks.example.com/services/T1/B2/XYZ123?api_key=k3y-v4lue&wait=true";
    const plain = new SecretScrubber().addUrl(url);
    expect(plain.scrub("user1 pa/ss k3y-v4lue wait=true /services/T1/B2/XYZ123")).toBe("[redacted] [redacted] [redacted] wait=true /services/T1/B2/XYZ123");
    const hook = new SecretScrubber().addUrl(url, { secretPath: true });
    expect(hook.scrub("POST https://hooks.example.com/services/T1/B2/XYZ123 responded 404")).toBe("POST https://hooks.example.com/[redacted] responded 404");
    expect(hook.scrub("no such hook services/T1/B2/XYZ123")).toBe("no such hook [redacted]");
    expect(new SecretScrubber().addUrl("not a url").size).toBe(0);
  });

  it("addAll copies another scrubber's secrets with their masks", () => {
    const other = new SecretScrubber().add("secret-a", "$A");
    expect(new SecretScrubber().addAll(other).scrub("secret-a")).toBe("$A");
  });

  it("printing or serializing it shows no secret", () => {
    const secrets = new SecretScrubber().add("very-secret-value");
    expect(JSON.stringify({ secrets })).not.toContain("very-secret-value");
    expect(inspect(secrets, { showHidden: true, depth: 5 })).not.toContain("very-secret-value");
    expect(String(secrets.size)).toMatch(/^\d+$/);
  });
});
