import { describe, expect, it } from "vitest";
import { resolveEnvReferences } from "./resolve-env-references.js";

const env = { KEY: "sk-1", HOST: "example.com", EMPTY: "" };

describe("resolveEnvReferences", () => {
  it("resolves os.environ/NAME as the whole value", () => {
    expect(resolveEnvReferences("os.environ/KEY", env)).toEqual({ value: "sk-1", missing: [] });
  });

  it("does not treat os.environ/ inside a longer string as a reference", () => {
    expect(resolveEnvReferences("Bearer os.environ/KEY", env)).toEqual({ value: "Bearer os.environ/KEY", missing: [] });
  });

  it("resolves ${NAME} anywhere, several times", () => {
    expect(resolveEnvReferences("https://${HOST}/x?k=${KEY}", env).value).toBe("https://example.com/x?k=sk-1");
  });

  it("treats $${ as a literal ${", () => {
    expect(resolveEnvReferences("a $${KEY} b ${KEY}", env).value).toBe("a ${KEY} b sk-1");
  });

  it("reports unset variables once each instead of substituting an empty string", () => {
    const result = resolveEnvReferences("${NOPE} ${KEY} ${NOPE} ${OTHER}", env);
    expect(result.missing).toEqual(["NOPE", "OTHER"]);
    expect(resolveEnvReferences("os.environ/NOPE", env).missing).toEqual(["NOPE"]);
  });

  it("counts an empty variable as set", () => {
    expect(resolveEnvReferences("x${EMPTY}y", env)).toEqual({ value: "xy", missing: [] });
  });

  it("leaves text that is not a reference alone", () => {
    expect(resolveEnvReferences("cost: $5 {x} ${not-a-name}", env).value).toBe("cost: $5 {x} ${not-a-name}");
  });
});

describe("resolveEnvReferences: inherited names", () => {
  it("does not find Object.prototype members as variables", () => {
    expect(resolveEnvReferences("${constructor} os.environ/toString", {}).missing).toEqual(["constructor"]);
    expect(resolveEnvReferences("os.environ/toString", {}).missing).toEqual(["toString"]);
  });
});
