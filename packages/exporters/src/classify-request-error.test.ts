import { describe, expect, it } from "vitest";
import { classifyRequestError } from "./classify-request-error.js";

const target = "https://logs.example.com/ingest";
const withCode = (code: string, message = "boom"): Error => Object.assign(new Error(message), { code });

describe("classifyRequestError", () => {
  it.each([
    ["ECONNREFUSED", "connection refused"],
    ["ECONNRESET", "connection reset"],
    ["ENOTFOUND", "DNS lookup failed"],
    ["EAI_AGAIN", "DNS lookup failed temporarily"],
    ["UND_ERR_SOCKET", "socket closed"],
    ["UND_ERR_HEADERS_TIMEOUT", "timed out waiting for response headers"],
    ["UND_ERR_CONNECT_TIMEOUT", "connect timed out"],
    ["CERT_HAS_EXPIRED", "TLS error"],
  ])("describes %s as a retryable %s", (code, description) => {
    expect(classifyRequestError(withCode(code), target)).toEqual({ kind: "retryable", reason: `${description} (${code}) to ${target}` });
  });

  it("finds the code of an AggregateError's first error (happy eyeballs)", () => {
    const error = new AggregateError([withCode("ECONNREFUSED"), withCode("ECONNREFUSED")], "");
    expect(classifyRequestError(error, target)).toEqual({ kind: "retryable", reason: `connection refused (ECONNREFUSED) to ${target}` });
  });

  it("finds the code in an error's cause", () => {
    const error = new TypeError("fetch failed", { cause: withCode("ECONNRESET") });
    expect(classifyRequestError(error, target).reason).toBe(`connection reset (ECONNRESET) to ${target}`);
  });

  it("keeps unknown UND_ERR codes retryable and includes the redacted message", () => {
    const result = classifyRequestError(withCode("UND_ERR_SOMETHING_NEW", "odd\nthing with secret-x"), target, (m) =>
      m.replace("secret-x", "[redacted]"),
    );
    expect(result).toEqual({ kind: "retryable", reason: `network error (UND_ERR_SOMETHING_NEW): odd thing with [redacted] to ${target}` });
  });

  it("treats errors without a code as retryable network errors", () => {
    expect(classifyRequestError(new Error("socket hang up"), target)).toEqual({
      kind: "retryable",
      reason: `network error: socket hang up to ${target}`,
    });
    expect(classifyRequestError(undefined, target)).toEqual({ kind: "retryable", reason: `network error to ${target}` });
  });

  it("reports a request undici refuses to send as a permanent failure", () => {
    expect(classifyRequestError(withCode("UND_ERR_INVALID_ARG", "invalid x-key header"), target)).toEqual({
      kind: "failure",
      reason: `invalid request (UND_ERR_INVALID_ARG): invalid x-key header to ${target}`,
    });
  });
});
