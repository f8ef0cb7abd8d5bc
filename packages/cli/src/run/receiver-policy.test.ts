import { describe, expect, it } from "vitest";
import { receiverPolicyIssues } from "./receiver-policy.js";

describe("receiverPolicyIssues", () => {
  const base = { host: "127.0.0.1", port: 4400 };
  it("allows loopback without a token", () => {
    expect(receiverPolicyIssues(base, "127.0.0.1", false)).toEqual([]);
    expect(receiverPolicyIssues(base, "localhost", false)).toEqual([]);
  });
  it("refuses another host without a token unless allowed by config or flag", () => {
    const [issue] = receiverPolicyIssues(base, "0.0.0.0", false, "c.yaml");
    expect(issue).toMatchObject({ file: "c.yaml", path: "sources.http.auth_token" });
    expect(issue!.message).toMatch(/allow_unauthenticated: true or --allow-unauthenticated/);
    expect(receiverPolicyIssues({ ...base, authToken: "t" }, "0.0.0.0", false)).toEqual([]);
    expect(receiverPolicyIssues({ ...base, allowUnauthenticated: true }, "0.0.0.0", false)).toEqual([]);
    expect(receiverPolicyIssues(base, "10.0.0.1", true)).toEqual([]);
  });
});
